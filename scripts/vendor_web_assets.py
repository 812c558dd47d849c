"""Copy the workbench's browser libraries from node_modules/ into the package's static folder.

`make install` runs `npm ci` (versions and integrity hashes pinned by package-lock.json), then this
script. The copied files are git-ignored: the repository holds no third-party browser code, and the
pages never load anything from another host. Each library's licence is copied beside it, and
MANIFEST.json records name, version, licence and the sha256 of every file copied, which the workbench
reads to tell a user when the assets are missing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "src" / "communique" / "web" / "static" / "vendor"

#: npm package -> (files to copy: source under the package -> name under vendor/, its licence file)
ASSETS: dict[str, tuple[dict[str, str], str]] = {
    "cytoscape": ({"dist/cytoscape.min.js": "cytoscape.min.js"}, "LICENSE"),
    "leaflet": (
        {
            "dist/leaflet.js": "leaflet/leaflet.js",
            "dist/leaflet.css": "leaflet/leaflet.css",
            "dist/images/layers.png": "leaflet/images/layers.png",
            "dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
            "dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
            "dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        },
        "LICENSE",
    ),
    "topojson-client": ({"dist/topojson-client.min.js": "topojson-client.min.js"}, "LICENSE"),
    "vis-timeline": (
        {
            "standalone/umd/vis-timeline-graph2d.min.js": "vis-timeline-graph2d.min.js",
            "styles/vis-timeline-graph2d.min.css": "vis-timeline-graph2d.min.css",
        },
        "LICENSE.MIT.txt",
    ),
    # Country outlines from Natural Earth (public domain), as TopoJSON: the map's only basemap.
    "world-atlas": ({"countries-50m.json": "countries-50m.json"}, "LICENSE"),
}


def main() -> int:
    if not MODULES.is_dir():
        print("node_modules/ is missing: run `npm ci` first (make install does).", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    manifest = {}
    for package, (files, licence) in ASSETS.items():
        source = MODULES / package
        version = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
        copied = {}
        for src, dest in {**files, licence: f"licences/{package}.{licence.removesuffix('.txt')}.txt"}.items():
            target = VENDOR / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / src, target)
            copied[dest] = hashlib.sha256(target.read_bytes()).hexdigest()
        manifest[package] = {"version": version, "files": copied}
    (VENDOR / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"copied {sum(len(m['files']) for m in manifest.values())} files of {len(manifest)} npm packages into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
