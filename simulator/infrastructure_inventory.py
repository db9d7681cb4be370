"""The demo inventory of the city's infrastructure (DEMO DATA: the city publishes no such list), as the
rows of the inventory CSV (`COLUMNS`, the import's columns), for the demo fleet
(simulator/infrastructure_fleet.py) to open listeners for and for the import to load.

The shape is a city network as DOMAINS.md describes it (about 2,200 cameras in 2024; a few hundred
of everything else), a tree with a few redundant branches so that root cause has work to do:

    data centre: two core switches (SW-CORE-01, -02), hosts on both (two parents), services on a host
    per kecamatan: a fibre link from core 1 (and from core 2 for some: two uplinks) to a distribution
                   switch (SW-DST-NN) at the kecamatan's centre
    access switches (SW-ACC-NNNN), one per 24-48 cameras of a kecamatan, behind their own fibre link
                   (FO-ACC-NNNN) or a wireless link (WL-NNNN) from the distribution switch
    cameras (CAM-<kelurahan digits><serial>) at random points inside their kelurahan's polygon (geo/)
    VPN tunnels (VPN-NNNN) from the data centre to each kelurahan office (the site)

Every probed device listens on its own loopback address (127.64.0.0/10: Linux routes all of 127/8
to lo), on the port of its probe (PORTS). The same seed gives the same inventory.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import numpy as np
import pandas as pd

from core.settings import PROJECT_ROOT
from modules.infrastructure.kinds import (CAMERA, FIBRE, HOST, HTTP, PASSIVE, RTSP, SERVICE, SWITCH, TCP, VPN,
                                          WIRELESS)

COLUMNS = ("code", "kind", "name", "probe", "host", "port", "path", "interval_seconds", "timeout_seconds", "retries",
           "parents", "lat", "lon", "kelurahan_code", "opd_code", "contract_code", "watches", "site", "end_a", "end_b")
SEED = 14
CAMERAS = 2200
PORTS = {TCP: 2222, HTTP: 8080, RTSP: 8554}  # https: 8443 (the demo fleet serves none)
STREAM_PATH = "/Streaming/Channels/101"
CAMERAS_PER_SWITCH = (24, 48)
WIRELESS_SHARE = 0.12      # access switches reached by radio instead of fibre
DUAL_UPLINK_SHARE = 0.15   # distribution switches with a second fibre from core 2
CONTRACTS_CSV = PROJECT_ROOT / "reference" / "infrastructure_contracts.csv"
# Which demo contracts (by code prefix) maintain which kind of device.
CONTRACT_PREFIXES = {CAMERA: "CCTV-", SWITCH: "NET-", FIBRE: "NET-", WIRELESS: "RADIO-", VPN: "RADIO-", HOST: "DC-",
                     SERVICE: "DC-"}
DATA_CENTRE = (-7.2594, 112.7470, "Pusat data Balai Kota")  # demo location
CAMERA_OWNERS = {"DISHUB": 0.55, "SATPOLPP": 0.2, "DISKOMINFO": 0.15, "BPBD": 0.05, "DSDABM": 0.05}
WATCHES = ("Persimpangan {k}", "Jalan utama {k}", "Taman {k}", "Pasar {k}", "Pintu air {k}", "Kantor Kelurahan {k}",
           "Jembatan {k}", "Halte {k}", "Sekolah {k}", "Saluran {k}")
HOSTS = ("Server aplikasi 1", "Server aplikasi 2", "Server basis data 1", "Server basis data 2", "Server VMS CCTV",
         "NVR 1", "NVR 2", "NVR 3", "NVR 4", "Server surel", "Server DNS", "Server cadangan")
SERVICES = (("Portal kota", "/"), ("SSO", "/health"), ("Pantau", "/health"), ("e-Office", "/"), ("e-Kinerja", "/"),
            ("e-Budgeting", "/"), ("e-Musrenbang", "/"), ("Sipandu", "/"), ("Command Center 112 CAD", "/status"),
            ("VMS CCTV", "/api/status"), ("API gateway", "/health"), ("DNS-over-HTTPS", "/health"),
            ("Surel", "/"), ("Media center", "/"), ("Satu Data", "/api/health"), ("Perizinan (SSW)", "/"),
            ("Pajak daerah", "/"), ("Aduan WargaKu", "/health"), ("Sapawarga", "/"), ("Peta kota", "/"),
            ("Repositori dokumen", "/"), ("Presensi ASN", "/"), ("Antrean puskesmas", "/"), ("Lapor parkir", "/"))
PASSIVE_HOSTS = ("Server Zabbix", "Penyimpanan SAN")  # watched by the city's own monitoring (alerts only)


def demo_inventory(cameras: int = CAMERAS, seed: int = SEED) -> list[dict[str, str]]:
    """The demo inventory as CSV rows (dicts of COLUMNS -> text, "" for none), parents before children."""
    builder = _Inventory(random.Random(seed), np.random.default_rng(seed))
    builder.data_centre()
    builder.network_and_cameras(cameras)
    builder.vpn_tunnels()
    return builder.rows


def write_csv(rows: list[dict[str, str]], target: str | Path | io.TextIOBase | None = None) -> str | None:
    """The rows as the import's CSV (header row, UTF-8): to `target` (a path or an open text file),
    or returned as text when no target is given."""
    if target is None:
        buffer = io.StringIO()
        _write(rows, buffer)
        return buffer.getvalue()
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            _write(rows, handle)
        return None
    _write(rows, target)
    return None


def _write(rows, handle) -> None:
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def loopback_address(index: int) -> str:
    """The index-th device's address in 127.64.0.0/10 (250 a /24, .1 to .250)."""
    if not 0 <= index < 250 * 256 * 64:
        raise ValueError(f"device index {index} outside 127.64.0.0/10")
    return f"127.{64 + index // (250 * 256)}.{index // 250 % 256}.{index % 250 + 1}"


def contract_codes() -> list[str]:
    """The demo contracts' codes (reference/infrastructure_contracts.csv), none while it is absent."""
    if not CONTRACTS_CSV.exists():
        return []
    with open(CONTRACTS_CSV, encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle) if row.get("code")]


class _Inventory:
    def __init__(self, rng: random.Random, numbers: np.random.Generator):
        from geo import kecamatan_reference, load_boundaries

        self.rng, self.numbers, self.rows = rng, numbers, []
        self.kecamatan = kecamatan_reference().sort_values("code", ignore_index=True)
        self.kelurahan = load_boundaries("kelurahan")
        self.kelurahan_names = dict(zip(self.kelurahan["code"], self.kelurahan["name"]))
        self.contracts = contract_codes()
        self.counters: dict[str, int] = {}

    def add(self, code: str, kind: str, name: str, probe: str, *, parents=(), interval=30, timeout=3.0, retries=3,
            path="", point=None, kelurahan="", opd="DISKOMINFO", contract=None, **extra) -> dict[str, str]:
        port = PORTS.get(probe)
        row = {column: "" for column in COLUMNS}
        row.update(code=code, kind=kind, name=name, probe=probe, host=loopback_address(len(self.rows)),
                   port="" if port is None else str(port), path=path, interval_seconds=str(interval),
                   timeout_seconds=f"{timeout:g}", retries=str(retries), parents=";".join(parents),
                   kelurahan_code=kelurahan, opd_code=opd,
                   contract_code=self.contract(kind, 0) if contract is None else contract, **extra)
        if point is not None:
            row["lat"], row["lon"] = f"{point[0]:.6f}", f"{point[1]:.6f}"
        self.rows.append(row)
        return row

    def serial(self, prefix: str) -> int:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return self.counters[prefix]

    def contract(self, kind: str, index: int) -> str:
        """One of the demo contracts that cover `kind` (CONTRACT_PREFIXES), taken in turn by `index`."""
        covering = [code for code in self.contracts if code.startswith(CONTRACT_PREFIXES[kind])]
        return covering[index % len(covering)] if covering else ""

    # --- the data centre ------------------------------------------------------------------------------------

    def data_centre(self) -> None:
        lat, lon, _place = DATA_CENTRE
        point, kelurahan = (lat, lon), self.locate(lat, lon)
        where = dict(point=point, kelurahan=kelurahan)
        for number in (1, 2):
            self.add(f"SW-CORE-0{number}", SWITCH, f"Switch inti {number}", TCP, **where)
        cores = ("SW-CORE-01", "SW-CORE-02")
        for number, name in enumerate(HOSTS, start=1):
            self.add(f"HOST-DC-{number:02d}", HOST, name, HTTP, parents=cores, path="/health",
                     contract=self.contract(HOST, number), **where)
        for number, name in enumerate(PASSIVE_HOSTS, start=len(HOSTS) + 1):
            self.add(f"HOST-DC-{number:02d}", HOST, name, PASSIVE, parents=cores, **where)
        for number, (name, path) in enumerate(SERVICES, start=1):
            host = f"HOST-DC-{(number - 1) % 2 + 1:02d}"  # the two application servers
            self.add(f"SVC-{number:03d}", SERVICE, name, HTTP, parents=(host,), path=path, retries=2, **where)

    # --- distribution, access, cameras ----------------------------------------------------------------------

    def network_and_cameras(self, cameras: int) -> None:
        per_kelurahan = self.cameras_per_kelurahan(cameras)
        for _index, kecamatan in self.kecamatan.iterrows():
            distribution = self.distribution(kecamatan)
            codes = [code for code in self.kelurahan["code"] if code.startswith(kecamatan["code"] + ".")]
            placed = [camera for code in codes for camera in self.camera_places(code, per_kelurahan.get(code, 0))]
            for group in self.switch_groups(placed):
                self.access_switch(distribution, kecamatan, group)

    def cameras_per_kelurahan(self, cameras: int) -> dict[str, int]:
        """Busier kelurahan get more cameras (a lognormal weight), every one at least a few."""
        codes = list(self.kelurahan["code"])
        floor = min(3, cameras // len(codes))
        weights = self.numbers.lognormal(0.0, 0.6, len(codes))
        extra = self.numbers.multinomial(cameras - floor * len(codes), weights / weights.sum())
        return {code: floor + int(count) for code, count in zip(codes, extra)}

    def distribution(self, kecamatan) -> str:
        number = int(kecamatan["code"].rsplit(".", 1)[1])
        point = (float(kecamatan["lat"]), float(kecamatan["lon"]))
        uplinks = [self.fibre(f"FO-DST-{number:02d}", "SW-CORE-01", f"SW-DST-{number:02d}", kecamatan)]
        if self.rng.random() < DUAL_UPLINK_SHARE:
            uplinks.append(self.fibre(f"FO-DST-{number:02d}B", "SW-CORE-02", f"SW-DST-{number:02d}", kecamatan))
        code = f"SW-DST-{number:02d}"
        self.add(code, SWITCH, f"Switch distribusi {kecamatan['name']}", TCP, parents=uplinks, point=point,
                 kelurahan=self.locate(*point))
        return code

    def fibre(self, code: str, end_a: str, end_b: str, kecamatan) -> str:
        self.add(code, FIBRE, f"Serat optik {end_a} - {end_b} ({kecamatan['name']})", TCP, parents=(end_a,),
                 end_a=end_a, end_b=end_b)
        return code

    def camera_places(self, kelurahan_code: str, count: int) -> list[tuple[str, float, float]]:
        """`count` random points inside the kelurahan's polygon (rejection sampling in its bounds)."""
        import shapely

        polygon = self.kelurahan.loc[self.kelurahan["code"] == kelurahan_code, "geometry"].iloc[0]
        west, south, east, north = polygon.bounds
        found: list[tuple[float, float]] = []
        while len(found) < count:
            lons = self.numbers.uniform(west, east, 4 * count).round(6)  # rounded first: the CSV's precision
            lats = self.numbers.uniform(south, north, 4 * count).round(6)  # must not move a point out
            inside = shapely.contains_xy(polygon, lons, lats)
            found += [(float(lat), float(lon)) for lat, lon in zip(lats[inside], lons[inside])]
        return [(kelurahan_code, lat, lon) for lat, lon in found[:count]]

    def switch_groups(self, placed: list) -> list[list]:
        """Consecutive cameras (kelurahan by kelurahan) in groups of 24 to 48: one access switch each."""
        groups, start = [], 0
        while start < len(placed):
            size, left = self.rng.randint(*CAMERAS_PER_SWITCH), len(placed) - start
            if left - size < CAMERAS_PER_SWITCH[0]:  # no small remainder: the last ones share what is left
                size = left if left <= CAMERAS_PER_SWITCH[1] else left // 2
            groups.append(placed[start:start + size])
            start += size
        return groups

    def access_switch(self, distribution: str, kecamatan, cameras: list) -> None:
        number = self.serial("SW-ACC")
        code = f"SW-ACC-{number:04d}"
        lat, lon = round(float(np.mean([c[1] for c in cameras])), 6), round(float(np.mean([c[2] for c in cameras])), 6)
        kelurahan = self.locate(lat, lon)
        if not kelurahan:  # the cameras' middle falls outside the city (a bay, the sea): by the first one
            kelurahan, lat, lon = cameras[0]
        if self.rng.random() < WIRELESS_SHARE:
            uplink = f"WL-{self.serial('WL'):04d}"
            self.add(uplink, WIRELESS, f"Radio {distribution} - {code}", TCP, parents=(distribution,),
                     end_a=distribution, end_b=code)
        else:
            uplink = f"FO-ACC-{number:04d}"
            self.add(uplink, FIBRE, f"Serat optik {distribution} - {code}", TCP, parents=(distribution,),
                     end_a=distribution, end_b=code)
        self.add(code, SWITCH, f"Switch akses {number:04d} ({kecamatan['name']})", TCP, parents=(uplink,),
                 point=(lat, lon), kelurahan=kelurahan)
        for kelurahan_code, lat, lon in cameras:
            self.camera(code, kelurahan_code, lat, lon)

    def camera(self, switch: str, kelurahan_code: str, lat: float, lon: float) -> None:
        serial = self.serial(kelurahan_code)
        name = self.kelurahan_names[kelurahan_code]
        owner = self.rng.choices(list(CAMERA_OWNERS), weights=list(CAMERA_OWNERS.values()))[0]
        watches = self.rng.choice(WATCHES).format(k=name)
        self.add(f"CAM-{kelurahan_code.replace('.', '')}{serial:04d}", CAMERA, f"Kamera {watches} {serial}", RTSP,
                 parents=(switch,), interval=60, timeout=5.0, path=STREAM_PATH, point=(lat, lon),
                 kelurahan=kelurahan_code, opd=owner, contract=self.contract(CAMERA, int(kelurahan_code[6:8])),
                 watches=watches)

    # --- VPN tunnels to the kelurahan offices ---------------------------------------------------------------

    def vpn_tunnels(self) -> None:
        for code, name in self.kelurahan_names.items():
            (_k, lat, lon), = self.camera_places(code, 1)
            self.add(f"VPN-{self.serial('VPN'):04d}", VPN, f"VPN Kantor Kelurahan {name}", TCP,
                     parents=("SW-CORE-02",), interval=60, point=(lat, lon), kelurahan=code,
                     site=f"Kantor Kelurahan {name}")

    def locate(self, lat: float, lon: float) -> str:
        from geo import default_locator

        found = default_locator().assign([lat], [lon]).iloc[0]["kelurahan_code"]
        return "" if pd.isna(found) else str(found)


def fill_demo_inventory(services) -> int:
    """Imports the demo inventory through the service layer when the city has no device yet (for
    `make run`'s first start, before the fleet's listeners open); returns how many devices it created."""
    from sqlalchemy import func, select

    from modules.infrastructure import service
    from modules.infrastructure.models import InfraDevice

    with services.databases.transaction() as session:
        if session.scalar(select(func.count()).select_from(InfraDevice)):
            return 0
        done = service.import_csv(session, service.system_actor("simulator"), write_csv(demo_inventory()),
                                  services.settings)
    return done["created"]
