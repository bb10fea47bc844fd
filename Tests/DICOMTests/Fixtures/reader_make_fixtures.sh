#!/bin/bash
# Fixtures of the DICOM reader tests (DICOMFile*, PixelData*, TransferSyntax*, BadInput*).
#
# Run from the repository root (needs DCMTK's command-line tools, Debian `dcmtk`, and the shared data at
# ../shared/data/dicom):
#
#     Tests/DICOMTests/Fixtures/reader_make_fixtures.sh
#
# Writes into Tests/DICOMTests/Fixtures/:
#   reader_dcmdump.txt   `dcmdump -q -Un +L +P <tag>...` of a few real files, each after a "# file:" line
#   reader_pixels.txt    the stored values of the same real files, read by `dcmdump +W` (raw little-endian
#                        Pixel Data) and `od`, masked to Bits Stored and sign-extended in awk: count, sum,
#                        sum of squares, min, max and a few samples; independent of msl's reader
#   reader_*.dcm         tiny synthetic images made by `dump2dcm` from the dumps below (stored values written
#                        by hand here, expected values written by hand in the tests), some then compressed by
#                        dcmcrle / dcmcjpeg / dcmcjpls
set -euo pipefail

fixtures=Tests/DICOMTests/Fixtures
data=../shared/data/dicom
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# MARK: - Golden values from real files (dcmdump)

real_files=(
    ct-head-gantry-tilt/01.dcm
    ct-head-gantry-tilt/14.dcm
    mr-head-t1-oblique/N2D_0100.dcm
    transfer-syntaxes/1.dcm
)
tags=(0002,0010 0008,0008 0008,0016 0008,0018 0008,0060 0010,0020 0018,0050 0018,1120 0020,000d 0020,000e
    0020,0011 0020,0012 0020,0013 0020,0032 0020,0037 0020,0052 0028,0002 0028,0004 0028,0010 0028,0011
    0028,0030 0028,0100 0028,0101 0028,0102 0028,0103 0028,1052 0028,1053 0028,1054)
printed=()
for tag in "${tags[@]}"; do printed+=(+P "$tag"); done

{
    echo "# dcmdump $(dcmdump --version | head -1 | sed 's/.*dcmdump //')"
    for file in "${real_files[@]}"; do
        echo "# file: $file"
        dcmdump -q -Un +L "${printed[@]}" "$data/$file"
    done
} > "$fixtures/reader_dcmdump.txt"

# One line per file: file rows columns bits_stored signed count sum sum_of_squares min max, then
# "sample <index> <stored value>" lines (index = row * columns + column, frame 0).
{
    echo "# stored values of frame 0 from dcmdump +W (raw little-endian) and od, masked/sign-extended in awk"
    for file in "${real_files[@]}"; do
        rm -rf "$work/raw" && mkdir "$work/raw"
        dcmdump -q +W "$work/raw" "$data/$file" > /dev/null
        raw=$(ls "$work/raw"/*.0.raw)
        value() { dcmdump -q +P "$1" "$data/$file" | sed -E 's/^\([0-9a-f,]+\) [A-Z]{2} ([0-9]+).*/\1/'; }
        rows=$(value 0028,0010); columns=$(value 0028,0011)
        bits=$(value 0028,0101); signed=$(value 0028,0103)
        od -An -v -t u2 "$raw" | tr -s ' ' '\n' | grep -v '^$' | awk -v file="$file" -v rows="$rows" \
            -v columns="$columns" -v bits="$bits" -v signed="$signed" '
            {
                v = $1 % (2 ^ bits)
                if (signed == 1 && v >= 2 ^ (bits - 1)) v -= 2 ^ bits
                value[NR - 1] = v; n = NR
                sum += v; squares += v * v
                if (NR == 1 || v < min) { min = v; argmin = NR - 1 }
                if (NR == 1 || v > max) { max = v; argmax = NR - 1 }
            }
            END {
                if (n != rows * columns) { print "pixel count " n " != " rows "x" columns > "/dev/stderr"; exit 1 }
                printf "file %s %d %d %d %d %d %.0f %.0f %d %d\n", file, rows, columns, bits, signed, n, sum, squares, min, max
                split("0 " int(n / 4) + 13 " " int(rows / 2) * columns + int(columns / 2) " " int(3 * n / 4) + 7 " " n - 1 " " argmin " " argmax, picks, " ")
                for (i = 1; i <= 7; i++) printf "sample %d %d\n", picks[i], value[picks[i]]
            }'
    done
} > "$fixtures/reader_pixels.txt"

# MARK: - Synthetic images (dump2dcm)

common='(0008,0018) UI [1.2.826.0.1.3680043.9.7433.1.1]
(0020,000d) UI [1.2.826.0.1.3680043.9.7433.1.2]
(0020,000e) UI [1.2.826.0.1.3680043.9.7433.1.3]
(0028,0002) US 1'

# Signed 12 of 16 bits, MONOCHROME1, 3 x 4, 2 frames, slope 0.5, intercept -1024. Frame 0 stored values
# -2048 -1024 -1 0 1 2047 100 -100 1234 -1234 7 -7; frame 1: 0 1 2 3 -3 -2 -1 2047 -2048 512 -512 42.
# "clean" words carry the sign in bits 12-15; "dirty" words carry junk there (the reader must mask it).
signed12() {
    cat <<EOF
(0008,0016) UI =SecondaryCaptureImageStorage
$common
(0008,0060) CS [OT]
(0028,0004) CS [MONOCHROME1]
(0028,0008) IS [2]
(0028,0010) US 3
(0028,0011) US 4
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 1
(0028,1052) DS [-1024]
(0028,1053) DS [0.5]
(7fe0,0010) OW $1
EOF
}
signed12 'f800\fc00\ffff\0000\0001\07ff\0064\ff9c\04d2\fb2e\0007\fff9\0000\0001\0002\0003\fffd\fffe\ffff\07ff\f800\0200\fe00\002a' > "$work/clean.dump"
signed12 '5800\ac00\3fff\c000\9001\67ff\1064\2f9c\e4d2\7b2e\8007\4ff9\f000\e001\d002\c003\bffd\affe\9fff\87ff\7800\6200\5e00\402a' > "$work/dirty.dump"
dump2dcm -q "$work/dirty.dump" "$fixtures/reader_signed12_dirty.dcm"
dump2dcm -q "$work/clean.dump" "$work/clean.dcm"
dcmcrle -q "$work/clean.dcm" "$fixtures/reader_signed12_rle.dcm"
dcmcjpeg -q +e1 "$work/clean.dcm" "$fixtures/reader_signed12_jpeg.dcm"
dcmcjpls -q "$work/clean.dcm" "$fixtures/reader_signed12_jpegls.dcm"

# Unsigned 10 bits with High Bit 13 (bits 4-13), 2 x 2, stored 0 1 1023 512; junk in bits 0-3 and 14-15.
cat > "$work/highbit.dump" <<EOF
(0008,0016) UI =SecondaryCaptureImageStorage
$common
(0008,0060) CS [OT]
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 2
(0028,0011) US 2
(0028,0100) US 16
(0028,0101) US 10
(0028,0102) US 13
(0028,0103) US 0
(7fe0,0010) OW 800f\4013\3ff5\e000
EOF
dump2dcm -q "$work/highbit.dump" "$fixtures/reader_u10_highbit13.dcm"

# Signed 8 bits, 1 x 3 (odd length, padded to 4 bytes), stored -128 -1 127, slope 2, intercept 10.
cat > "$work/s8.dump" <<EOF
(0008,0016) UI =SecondaryCaptureImageStorage
$common
(0008,0060) CS [OT]
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 1
(0028,0011) US 3
(0028,0100) US 8
(0028,0101) US 8
(0028,0102) US 7
(0028,0103) US 1
(0028,1052) DS [10]
(0028,1053) DS [2]
(7fe0,0010) OB 80\ff\7f
EOF
dump2dcm -q "$work/s8.dump" "$fixtures/reader_s8_odd.dcm"

# Enhanced-style multi-frame, no top-level rescale: Shared Functional Groups slope 2 intercept -5,
# Per-frame item 2 slope 3 intercept 1. 2 x 2, 3 frames, stored 1 2 3 4 / 10 20 30 40 / 100 200 300 400.
cat > "$work/groups.dump" <<EOF
(0008,0016) UI =EnhancedMRImageStorage
$common
(0008,0060) CS [MR]
(0028,0004) CS [MONOCHROME2]
(0028,0008) IS [3]
(0028,0010) US 2
(0028,0011) US 2
(0028,0100) US 16
(0028,0101) US 16
(0028,0102) US 15
(0028,0103) US 0
(5200,9229) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=1)
    (0028,9145) SQ (Sequence with explicit length #=1)
      (fffe,e000) na (Item with explicit length #=2)
        (0028,1052) DS [-5]
        (0028,1053) DS [2]
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(5200,9230) SQ (Sequence with explicit length #=3)
  (fffe,e000) na (Item with explicit length #=1)
    (0020,9111) SQ (Sequence with explicit length #=0)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
  (fffe,e000) na (Item with explicit length #=1)
    (0028,9145) SQ (Sequence with explicit length #=1)
      (fffe,e000) na (Item with explicit length #=2)
        (0028,1052) DS [1]
        (0028,1053) DS [3]
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
  (fffe,e000) na (Item with explicit length #=1)
    (0020,9111) SQ (Sequence with explicit length #=0)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(7fe0,0010) OW 0001\0002\0003\0004\000a\0014\001e\0028\0064\00c8\012c\0190
EOF
dump2dcm -q "$work/groups.dump" "$fixtures/reader_functional_groups.dcm"

# Every InstanceMetadata field, as a raw dataset (no Part 10 header) in implicit VR little endian: Latin-1
# text, padded DS/IS values, two Contributing Equipment items, a signed Pixel Padding Value (which implicit
# VR reads as US). printf writes the Latin-1 bytes: \xe4 = ä, \xdc = Ü.
printf '%s\n' \
    '(0008,0005) CS [ISO_IR 100]' \
    '(0008,0008) CS [DERIVED\SECONDARY\AXIAL\MSL]' \
    '(0008,0016) UI =CTImageStorage' \
    '(0008,0018) UI [1.2.826.0.1.3680043.9.7433.2.4]' \
    '(0008,0060) CS [CT]' > "$work/meta.dump"
printf '(0008,103e) LO [Sch\xe4del \xdcbersicht]\n' >> "$work/meta.dump"
printf '%s\n' \
    '(0010,0020) LO [PAT-0042]' \
    '(0010,0021) LO [HOSPITAL-A]' \
    '(0018,0050) DS [ 1.25 ]' \
    '(0018,0086) IS [1\2]' \
    '(0018,1120) DS [-12.5]' \
    '(0018,a001) SQ (Sequence with explicit length #=2)' \
    '  (fffe,e000) na (Item with explicit length #=1)' \
    '    (0018,1002) UI [1.2.826.0.1.3680043.9.7433.99.1]' \
    '  (fffe,e00d) na (ItemDelimitationItem for re-encoding)' \
    '  (fffe,e000) na (Item with explicit length #=1)' \
    '    (0018,1002) UI [2.25.12345]' \
    '  (fffe,e00d) na (ItemDelimitationItem for re-encoding)' \
    '(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)' \
    '(0020,000d) UI [1.2.826.0.1.3680043.9.7433.2.1]' \
    '(0020,000e) UI [1.2.826.0.1.3680043.9.7433.2.2]' \
    '(0020,0011) IS [ 7]' \
    '(0020,0012) IS [+3 ]' \
    '(0020,0013) IS [12]' \
    '(0020,0032) DS [-125.5\ -123.25 \7E1]' \
    '(0020,0037) DS [1\0\0\0\0.9483237\-0.3173047]' \
    '(0020,0052) UI [1.2.826.0.1.3680043.9.7433.2.3]' \
    '(0020,0100) IS [4]' \
    '(0028,0002) US 1' \
    '(0028,0004) CS [MONOCHROME2]' \
    '(0028,0010) US 2' \
    '(0028,0011) US 3' \
    '(0028,0030) DS [0.4882812\0.5]' \
    '(0028,0100) US 16' \
    '(0028,0101) US 16' \
    '(0028,0102) US 15' \
    '(0028,0103) US 1' \
    '(0028,0120) SS -1500' \
    '(0028,1052) DS [-1024.0]' \
    '(0028,1053) DS [1.5]' \
    '(0028,1054) LO [HU]' \
    '(7fe0,0010) OW fa24\0000\0001\ffff\0400\fc00' >> "$work/meta.dump"
dump2dcm -q -F +ti "$work/meta.dump" "$fixtures/reader_metadata_raw_implicit.dcm"

echo "fixtures written to $fixtures"
