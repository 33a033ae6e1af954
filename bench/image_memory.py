"""Measure the memory and time of one photo thumbnail: the archive's code against plain Pillow.

For each picture (JPEG 12/24/48 MP, PNG 24/48/81 MP, and a few formats whose
decoders cost more), each of these runs in a fresh Python process, so one
run's memory never counts in the next:

* **peer** — plain Pillow: ``Image.open``, ``load()``, ``thumbnail((480, 480))``,
  then the small picture converted to RGB and saved as JPEG;
* **ours** — what an upload does: ``images.check_size`` and ``images.image_info``
  (header only), then ``images.make_thumbnail``, with the default
  ``MAX_IMAGE_PIXELS``; a picture over the limit is refused there;
* **ours, no limit** — ``make_thumbnail`` with the limit lifted, to show what
  the shrinking itself costs on pictures the default refuses.

Each process reads its peak resident memory (``ru_maxrss``) after its imports
and after the work; the difference is the thumbnail's cost above the
worker's baseline.  Prints a Markdown table with the ratio ours / peer.  The
pictures are made first, each in a process of its own.  Run from the project
root::

    .venv/bin/python bench/image_memory.py | tee bench/results/image_memory.txt
    .venv/bin/python bench/image_memory.py --quick        # JPEG 12 MP and PNG 24 MP only
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (name, format, width, height, options for the picture maker)
PICTURES = [
    ("JPEG 12 MP", "JPEG", 4000, 3000, {}),
    ("JPEG 24 MP", "JPEG", 6000, 4000, {}),
    ("JPEG 48 MP", "JPEG", 8000, 6000, {}),
    ("PNG 24 MP", "PNG", 6000, 4000, {}),
    ("PNG 48 MP", "PNG", 8000, 6000, {}),
    ("PNG 81 MP", "PNG", 9000, 9000, {}),
    # Decoders that hold more than Pillow's own copy (images.decode_bytes).
    ("PNG RGBA 36 MP", "PNG", 6000, 6000, {"alpha": True}),
    ("JPEG progressive 48 MP", "JPEG", 8000, 6000, {"progressive": True}),
    ("TIFF LZW one strip 24 MP", "TIFF", 6000, 4000, {"compression": "tiff_lzw"}),
    ("WebP 12 MP", "WEBP", 4000, 3000, {}),
]
QUICK = ("JPEG 12 MP", "PNG 24 MP")

# A picture like a photo or a poster: gradients and shapes, so JPEG and WebP
# files are of realistic size; PNGs stay a few hundred KB to a few MB.
MAKE = textwrap.dedent("""
    import json, sys
    from PIL import Image, ImageDraw, TiffImagePlugin
    path, fmt, width, height, options = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), json.loads(sys.argv[5])
    alpha = options.pop("alpha", False)
    if fmt == "TIFF":
        TiffImagePlugin.STRIP_SIZE = 1 << 40  # the whole page as one strip, as many scanners write it
    channels = [Image.linear_gradient("L").resize((width, height)),
                Image.radial_gradient("L").resize((width, height)),
                Image.linear_gradient("L").rotate(90).resize((width, height))]
    im = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(im)
    for n in range(12):
        x, y = width * n // 12, height * ((n * 7) % 12) // 12
        draw.ellipse((x, y, x + width // 6, y + height // 6), fill=(20 * n, 90, 200))
        draw.rectangle((x, height // 2, x + width // 30, height // 2 + height // 10), fill="white")
    if alpha:
        im.putalpha(Image.linear_gradient("L").resize((width, height)))
    if fmt == "JPEG":
        options.setdefault("quality", 85)
    im.save(path, fmt, **options)
""")

# One measurement in a fresh process: prints {"peak": bytes above baseline, ...}.
MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    from PIL import Image
    from evidence_archive import images
    which, src, dest = sys.argv[1], sys.argv[2], sys.argv[3]

    def peer():
        with Image.open(src) as im:
            im.load()
            im.thumbnail((480, 480))
            im.convert("RGB").save(dest, "JPEG", quality=images.JPEG_QUALITY)

    def ours():
        images.check_size(src)
        images.image_info(src)
        images.make_thumbnail(src, dest)

    def ours_no_limit():
        images.make_thumbnail(src, dest, max_pixels=10**12)

    work = {"peer": peer, "ours": ours, "ours_no_limit": ours_no_limit}[which]
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = "thumbnail"
    try:
        work()
    except images.ImageError as exc:
        outcome = "refused: " + str(exc)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak": (peak - baseline) * 1024, "baseline": baseline * 1024,
                      "seconds": seconds, "outcome": outcome}))
""")

MiB = 1024 * 1024


def make_picture(folder: Path, name: str, fmt: str, width: int, height: int, options: dict) -> Path:
    """Write one test picture in a process of its own; return its path."""
    path = folder / (name.replace(" ", "-").lower() + "." + fmt.lower())
    subprocess.run([sys.executable, "-c", MAKE, str(path), fmt, str(width), str(height),
                    json.dumps(options)], check=True)
    return path


def measure(which: str, src: Path, dest: Path, repeat: int) -> dict:
    """Run one of peer / ours / ours_no_limit `repeat` times; keep the highest peak, the median time."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", MEASURE, which, str(src), str(dest)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(done.stdout))
    return {"peak": max(r["peak"] for r in runs), "baseline": runs[0]["baseline"],
            "seconds": statistics.median(r["seconds"] for r in runs), "outcome": runs[0]["outcome"]}


def row(name: str, path: Path, peer: dict, ours: dict, free: dict) -> str:
    """One Markdown table row."""
    refused = ours["outcome"].startswith("refused")
    ours_cell = (f"refused ({ours['peak'] / MiB:.0f} MiB, {ours['seconds']:.2f} s)" if refused
                 else f"{ours['peak'] / MiB:.0f} MiB, {ours['seconds']:.2f} s")
    ratio = "–" if refused else f"{ours['peak'] / peer['peak']:.2f}×"
    return (f"| {name} | {path.stat().st_size / 1024:,.0f} | "
            f"{peer['peak'] / MiB:.0f} MiB, {peer['seconds']:.2f} s | {ours_cell} | {ratio} | "
            f"{free['peak'] / MiB:.0f} MiB, {free['seconds']:.2f} s | "
            f"{free['peak'] / peer['peak']:.2f}× |")


def header(repeat: int) -> list[str]:
    """Lines saying what ran where."""
    import PIL
    from PIL import features

    sys.path.insert(0, str(ROOT))
    from evidence_archive.images import DEFAULT_MAX_PIXELS
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return [
        f"Python {platform.python_version()}, Pillow {PIL.__version__} "
        f"(libjpeg-turbo {features.version('libjpeg_turbo')}, zlib {features.version('zlib')}, "
        f"libwebp {features.version('webp')}, libtiff {features.version('libtiff')}), "
        f"{os.cpu_count()} CPUs, load average {' / '.join(f'{v:.1f}' for v in load)}",
        f"MAX_IMAGE_PIXELS = {DEFAULT_MAX_PIXELS:,} (default); thumbnail 480 px; "
        f"peak = ru_maxrss after the work minus after the imports, highest of {repeat} runs; "
        f"time = median",
        "",
        "| picture | file KiB | peer: plain Pillow | ours (default limit) | ours / peer "
        "| ours, no limit | no limit / peer |",
        "|---|---:|---|---|---:|---|---:|",
    ]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="JPEG 12 MP and PNG 24 MP only")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (3)")
    args = parser.parse_args(argv)
    chosen = [p for p in PICTURES if not args.quick or p[0] in QUICK]
    print("\n".join(header(args.repeat)), flush=True)
    baselines, refusals = [], {}
    with tempfile.TemporaryDirectory(prefix="image-memory-") as tmp:
        folder = Path(tmp)
        for name, fmt, width, height, options in chosen:
            path = make_picture(folder, name, fmt, width, height, dict(options))
            dest = folder / "thumb.jpg"
            peer, ours, free = (measure(which, path, dest, args.repeat)
                                for which in ("peer", "ours", "ours_no_limit"))
            baselines.append(ours["baseline"])
            if ours["outcome"].startswith("refused"):
                refusals[name] = ours["outcome"].removeprefix("refused: ")
            print(row(name, path, peer, ours, free), flush=True)
            path.unlink()
    print(f"\nBaseline of each measuring process after its imports: "
          f"{min(baselines) / MiB:.0f}–{max(baselines) / MiB:.0f} MiB.")
    for name, message in refusals.items():
        print(f"- {name} refused: {message}")


if __name__ == "__main__":
    main()
