#!/usr/bin/python3
"""A color image set of mixed sizes and formats, for checking AutoML on images beyond ../shared/data's gray digits.

Reads ../shared/data/digits_images (train.csv, test.csv, gray 8x8 PNGs) and writes OUT/{train,test}.csv and OUT/img/:
each digit resized to one of 8x8, 12x10, 10x14 or 16x16 (bilinear), drawn in a random tint on a random dark
background (so color carries no class information), saved as PNG or JPEG (quality 92) at random. Seeded
(random.Random(5)): the same files every run.

Usage: color_images.py DIGITS_DIR OUT_DIR
"""
import csv, os, random, sys
from PIL import Image


def main(src, dst):
    os.makedirs(os.path.join(dst, "img"), exist_ok=True)
    rng = random.Random(5)
    for part in ("train", "test"):
        rows = list(csv.DictReader(open(os.path.join(src, f"{part}.csv"))))
        out = []
        for i, r in enumerate(rows):
            gray = Image.open(os.path.join(src, r["ImagePath"])).convert("L")
            w, h = rng.choice([(8, 8), (12, 10), (10, 14), (16, 16)])
            gray = gray.resize((w, h), Image.BILINEAR)
            tint = [rng.randint(80, 255) for _ in range(3)]
            background = [rng.randint(0, 60) for _ in range(3)]
            color = Image.new("RGB", (w, h))
            src_px, dst_px = gray.load(), color.load()
            for y in range(h):
                for x in range(w):
                    v = src_px[x, y] / 255.0
                    dst_px[x, y] = tuple(int(background[c] * (1 - v) + tint[c] * v) for c in range(3))
            ext = rng.choice(["png", "jpg"])
            name = f"img/{part}_{i}.{ext}"
            if ext == "jpg":
                color.save(os.path.join(dst, name), quality=92)
            else:
                color.save(os.path.join(dst, name))
            out.append({"ImagePath": name, "Label": r["Label"]})
        with open(os.path.join(dst, f"{part}.csv"), "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=["ImagePath", "Label"])
            writer.writeheader()
            writer.writerows(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
