# shellcheck shell=bash
# Sourced by scripts/footprint.sh, scripts/flash-symbols.sh and
# embedded/c-qemu/footprint.sh: the one reader of an ELF's section sizes.
#
#   section_sizes SIZE_TOOL ELF  ->  "flash ram"
#
# flash = .text + .rodata (+ .vectors, where a link script, as the C
# firmware's, keeps the vector table in a section of its own); ram =
# .data + .bss. A section the ELF lacks counts 0. SIZE_TOOL is llvm-size
# (or anything that prints `llvm-size -A`'s "name size addr" rows).
section_sizes() {
  "$1" -A "$2" | awk '
    $1 == ".text" { t = $2 } $1 == ".rodata" { r = $2 } $1 == ".vectors" { v = $2 }
    $1 == ".data" { d = $2 } $1 == ".bss" { b = $2 }
    END { print t + r + v, d + b }'
}
