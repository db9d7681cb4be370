"""One probe of one device, over the network, as the field's tools do it (Prometheus blackbox,
Nagios' check_tcp / check_http / check_rtsp): an async function per probe kind of kinds.py, each
bounded by the target's timeout, each answering a `CheckResult`. Standard library only (asyncio
streams), so the prober needs no HTTP client and keeps thousands of checks on one event loop.

- tcp: the connection is accepted (latency: the handshake).
- http / https: `GET path`, status < 400 (latency: until the status line).
- icmp: an echo through an unprivileged ICMP datagram socket (`SOCK_DGRAM, IPPROTO_ICMP`), which
  Linux allows only to the groups in `net.ipv4.ping_group_range`; where it does not, the result says
  so (`ICMP_NOT_PERMITTED`) instead of pretending the device answered or not.
- rtsp: `OPTIONS` then `DESCRIBE`: an `application/sdp` answer with an `m=video` line proves the
  camera offers video; any other RTSP answer means the host is up without video (ok, video False).
"""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
import struct
import time
from datetime import datetime, timezone

from modules.infrastructure.kinds import HTTP, HTTPS, ICMP, PASSIVE, RTSP, TCP, CheckResult, Target

DEFAULT_PORTS = {HTTP: 80, HTTPS: 443, RTSP: 554}
USER_AGENT = "Pantau-prober/1"
MAX_HEADER_BYTES = 16_384
MAX_BODY_BYTES = 65_536
ICMP_NOT_PERMITTED = "ICMP not permitted here (net.ipv4.ping_group_range excludes this process's group)"
TIMEOUT = "timeout"
REFUSED = "connection refused"


class ProbeFailed(Exception):
    """A check that found the device not answering as its probe expects; the message is the detail."""


async def check(target: Target, ssl_context: ssl.SSLContext | None = None) -> CheckResult:
    """Runs the probe the target names, within its timeout."""
    if target.probe == TCP and target.port is None:
        raise ValueError(f"target {target.code}: a tcp probe needs a port")
    if target.probe == TCP:
        return await check_tcp(target)
    if target.probe in (HTTP, HTTPS):
        return await check_http(target, ssl_context)
    if target.probe == ICMP:
        return await check_icmp(target)
    if target.probe == RTSP:
        return await check_rtsp(target)
    if target.probe == PASSIVE:
        raise ValueError(f"target {target.code}: probe 'passive' is not probed (its states come from alerts)")
    raise ValueError(f"target {target.code}: unknown probe {target.probe!r}")


# --- tcp ------------------------------------------------------------------------------------------------------

async def check_tcp(target: Target) -> CheckResult:
    async def connect(_at: float) -> tuple[float, bool | None]:
        _reader, writer = await asyncio.open_connection(target.host, _port(target))
        answered = time.perf_counter()
        await _close(writer)
        return answered, None
    return await _timed(target, connect)


# --- http and https -------------------------------------------------------------------------------------------

async def check_http(target: Target, ssl_context: ssl.SSLContext | None = None) -> CheckResult:
    secure = target.probe == HTTPS
    context = (ssl_context or ssl.create_default_context()) if secure else None

    async def get(_at: float) -> tuple[float, bool | None]:
        reader, writer = await asyncio.open_connection(target.host, _port(target), ssl=context,
                                                       server_hostname=target.host if secure else None)
        try:
            writer.write(_http_request(target))
            await writer.drain()
            status_line = await reader.readline()
            answered = time.perf_counter()
        finally:
            await _close(writer)
        status = _status(status_line, b"HTTP/")
        if status >= 400:
            raise ProbeFailed(f"HTTP {status}")
        return answered, None
    return await _timed(target, get)


def _http_request(target: Target) -> bytes:
    port = _port(target)
    host = target.host if port == DEFAULT_PORTS[target.probe] else f"{target.host}:{port}"
    return (f"GET {target.path or '/'} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {USER_AGENT}\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n").encode("ascii")


# --- rtsp -----------------------------------------------------------------------------------------------------

async def check_rtsp(target: Target) -> CheckResult:
    url = f"rtsp://{target.host}:{_port(target)}{target.path or '/'}"

    async def options_then_describe(_at: float) -> tuple[float, bool | None]:
        reader, writer = await asyncio.open_connection(target.host, _port(target))
        try:
            status, _headers, _body = await _rtsp_exchange(reader, writer, f"OPTIONS {url} RTSP/1.0", 1)
            if status >= 400:
                raise _NoVideo(f"RTSP {status} to OPTIONS")
            status, headers, body = await _rtsp_exchange(reader, writer, f"DESCRIBE {url} RTSP/1.0", 2,
                                                         "Accept: application/sdp")
            answered = time.perf_counter()
        finally:
            await _close(writer)
        if status >= 400:
            raise _NoVideo(f"RTSP {status}")
        if not headers.get("content-type", "").startswith("application/sdp"):
            raise _NoVideo(f"DESCRIBE answered {headers.get('content-type', 'no content type')}, not SDP")
        if not any(line.startswith(b"m=video ") for line in body.splitlines()):
            raise _NoVideo("SDP offers no video (no m=video line)")
        return answered, True
    return await _timed(target, options_then_describe)


class _NoVideo(Exception):
    """The camera answered RTSP but does not offer video: the host is up, the stream is not."""


async def _rtsp_exchange(reader, writer, request_line: str, sequence: int, *extra: str) -> tuple[int, dict, bytes]:
    lines = [request_line, f"CSeq: {sequence}", f"User-Agent: {USER_AGENT}", *extra]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > MAX_HEADER_BYTES:
        raise ProbeFailed("RTSP answer header too long")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = _status(status_line.encode("latin-1"), b"RTSP/")
    headers = {}
    for line in header_lines:
        name, separator, value = line.partition(":")
        if separator:
            headers[name.strip().lower()] = value.strip()
    length = _content_length(headers)
    body = await reader.readexactly(length) if length else b""
    return status, headers, body


def _content_length(headers: dict) -> int:
    try:
        length = int(headers.get("content-length", "0"))
    except ValueError:
        raise ProbeFailed("RTSP answer with an invalid Content-Length") from None
    if not 0 <= length <= MAX_BODY_BYTES:
        raise ProbeFailed(f"RTSP answer with Content-Length {length}")
    return length


# --- icmp -----------------------------------------------------------------------------------------------------

ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY = 8, 0


def icmp_permitted() -> bool:
    """Whether this process may open an unprivileged ICMP datagram socket."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP).close()
        return True
    except PermissionError:
        return False


async def check_icmp(target: Target) -> CheckResult:
    at = _utc_now()
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    except PermissionError:
        return CheckResult(target.code, at, False, None, None, ICMP_NOT_PERMITTED, no_data=True)
    sock.setblocking(False)
    try:
        return await _timed(target, lambda _at: _echo(sock, target), at)
    finally:
        sock.close()


async def _echo(sock: socket.socket, target: Target) -> tuple[float, bool | None]:
    loop = asyncio.get_running_loop()
    address = (await loop.getaddrinfo(target.host, None, family=socket.AF_INET))[0][4][0]
    sequence = int.from_bytes(os.urandom(2), "big")
    payload = b"pantau" + os.urandom(10)
    await loop.sock_sendto(sock, _echo_packet(sequence, payload), (address, 0))
    while True:  # the kernel hands this socket only the replies to its own identifier
        packet, _sender = await loop.sock_recvfrom(sock, 2048)
        kind, _code, _sum, _identifier, answered_sequence = struct.unpack("!BBHHH", packet[:8])
        if kind == ICMP_ECHO_REPLY and answered_sequence == sequence and packet[8:] == payload:
            return time.perf_counter(), None


def _echo_packet(sequence: int, payload: bytes) -> bytes:
    """An echo request; the kernel replaces the identifier (and with it the checksum) on a datagram socket."""
    header = struct.pack("!BBHHH", ICMP_ECHO_REQUEST, 0, 0, 0, sequence)
    return struct.pack("!BBHHH", ICMP_ECHO_REQUEST, 0, _checksum(header + payload), 0, sequence) + payload


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


# --- shared ---------------------------------------------------------------------------------------------------

async def _timed(target: Target, probe, at: datetime | None = None) -> CheckResult:
    """Runs `probe(started)` (-> (answered perf_counter, video)) within the target's timeout and turns
    what happened into a CheckResult."""
    at = at or _utc_now()
    started = time.perf_counter()
    try:
        answered, video = await asyncio.wait_for(probe(started), target.timeout_seconds)
    except _NoVideo as reason:
        return CheckResult(target.code, at, True, _ms(time.perf_counter() - started), False, str(reason))
    except (TimeoutError, asyncio.TimeoutError):
        return CheckResult(target.code, at, False, None, None, TIMEOUT)
    except ConnectionRefusedError:
        return CheckResult(target.code, at, False, None, None, REFUSED)
    except ProbeFailed as failure:
        return CheckResult(target.code, at, False, _ms(time.perf_counter() - started), None, str(failure))
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        return CheckResult(target.code, at, False, None, None, "connection closed before an answer")
    except ssl.SSLError as error:
        return CheckResult(target.code, at, False, None, None, f"TLS: {error.reason or error}")
    except OSError as error:
        return CheckResult(target.code, at, False, None, None, error.strerror or type(error).__name__)
    return CheckResult(target.code, at, True, _ms(answered - started), video)


def _status(line: bytes, protocol: bytes) -> int:
    if not line:
        raise ProbeFailed("connection closed before an answer")
    parts = line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(protocol) or not parts[1].isdigit():
        raise ProbeFailed(f"not a {protocol.decode().rstrip('/')} answer: {line[:60]!r}")
    return int(parts[1])


def _port(target: Target) -> int:
    return target.port if target.port is not None else DEFAULT_PORTS[target.probe]


async def _close(writer) -> None:
    writer.close()
    try:
        await writer.wait_closed()
    except (OSError, ssl.SSLError):
        pass  # the peer went first: nothing left to close


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)
