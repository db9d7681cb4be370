"""Each probe against real local listeners: the demo fleet's TCP, HTTP and RTSP responders, a
listener that never answers, one whose queue is full, a port nobody listens on, TLS with a
certificate made by openssl, and ICMP on 127.0.0.1 where the kernel lets this process ping."""

from __future__ import annotations

import dataclasses

import pytest
from probe_setup import (full_listener, probe, probe_code, row, running_fleet, self_signed, silent_listener,
                         small_network)

from modules.infrastructure import probing
from modules.infrastructure.kinds import Target
from simulator.infrastructure_fleet import target_of


@pytest.fixture(scope="module")
def fleet():
    with running_fleet(small_network()) as running:
        yield running


def test_an_answering_device_is_up_with_its_latency(fleet):
    for code in ("SW-CORE-T1", "HOST-T1", "SVC-T1"):
        result = probe_code(fleet, code)
        assert result.ok, (code, result.detail)
        assert result.latency_ms is not None and result.latency_ms >= 0
        assert result.at.tzinfo is not None and result.code == code


def test_a_camera_that_offers_video_is_up_with_video(fleet):
    result = probe_code(fleet, "CAM-T1")
    assert (result.ok, result.video) == (True, True), result.detail


def test_a_stalled_camera_answers_without_video_whichever_way_it_stalls(fleet):
    try:
        fleet.set_video("CAM-T2", "503")
        refused = probe_code(fleet, "CAM-T2")
        fleet.set_video("CAM-T2", "audio-only")
        audio_only = probe_code(fleet, "CAM-T2")
    finally:
        fleet.set_video("CAM-T2", None)
    assert (refused.ok, refused.video, refused.detail) == (True, False, "RTSP 503")
    assert (audio_only.ok, audio_only.video) == (True, False)
    assert "m=video" in audio_only.detail
    assert probe_code(fleet, "CAM-T2").video is True


def test_http_503_is_a_failure_that_names_the_status(fleet):
    try:
        fleet.set_http_status("SVC-T1", 503)
        result = probe_code(fleet, "SVC-T1")
    finally:
        fleet.set_http_status("SVC-T1", None)
    assert (result.ok, result.detail) == (False, "HTTP 503")
    assert result.latency_ms is not None  # it answered, only not well
    assert probe_code(fleet, "SVC-T1").ok


@pytest.mark.parametrize("kind,kind_probe", [("switch", "tcp"), ("host", "http"), ("camera", "rtsp")])
def test_a_port_nobody_listens_on_is_refused(kind, kind_probe):
    with silent_listener("127.64.250.99") as port:
        pass  # the port was free a moment ago and is closed now
    target = Target("X-1", kind, kind_probe, "127.64.250.99", port, "/", 60, 2.0)
    result = probe(target)
    assert (result.ok, result.latency_ms, result.detail) == (False, None, probing.REFUSED)


@pytest.mark.parametrize("kind,kind_probe", [("host", "http"), ("camera", "rtsp")])
def test_a_listener_that_never_answers_times_out(kind, kind_probe):
    with silent_listener() as port:
        result = probe(Target("X-2", kind, kind_probe, "127.0.0.1", port, "/", 60, 0.3))
    assert (result.ok, result.latency_ms, result.detail) == (False, None, probing.TIMEOUT)


def test_a_connect_that_hangs_times_out():
    with full_listener() as port:
        result = probe(Target("X-3", "switch", "tcp", "127.0.0.1", port, "/", 60, 0.3))
    assert (result.ok, result.detail) == (False, probing.TIMEOUT)


def test_https_needs_a_certificate_the_prober_trusts(tmp_path):
    server_tls, client_tls = self_signed(tmp_path, "127.64.250.30")
    rows = [row("SVC-TLS", "service", "https", "127.64.250.30", path="/")]
    with running_fleet(rows, tls=server_tls) as fleet:
        trusted = probe_code(fleet, "SVC-TLS", ssl_context=client_tls)
        untrusted = probe_code(fleet, "SVC-TLS")
    assert trusted.ok, trusted.detail
    assert not untrusted.ok and untrusted.detail.startswith("TLS:")


def test_icmp_echo_on_loopback_or_says_it_is_not_permitted():
    result = probe(Target("X-4", "host", "icmp", "127.0.0.1", None, "/", 60, 2.0))
    if probing.icmp_permitted():
        assert result.ok and result.latency_ms is not None, result.detail
    else:
        assert (result.ok, result.latency_ms, result.detail) == (False, None, probing.ICMP_NOT_PERMITTED)


def test_a_passive_or_portless_tcp_target_is_refused_before_any_socket():
    passive = Target("X-5", "host", "passive", "127.0.0.1", None)
    with pytest.raises(ValueError, match="passive"):
        probe(passive)
    with pytest.raises(ValueError, match="needs a port"):
        probe(dataclasses.replace(passive, probe="tcp"))


def test_fleet_rows_become_targets_with_the_listeners_ports(fleet):
    camera = next(t for t in fleet.targets() if t.code == "CAM-T3")
    assert camera == target_of(fleet.rows["CAM-T3"])
    assert camera.port and camera.port != 0 and camera.path == "/Streaming/Channels/101"
