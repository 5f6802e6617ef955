#!/usr/bin/env bash
# Cross-builds linkperf for aarch64 and runs its suite under qemu-aarch64: the riscv64 scheme
# (scripts/cross-riscv64.sh) with Debian's aarch64 toolchain; sysroot in build-aarch64/.
# Usage: scripts/cross-aarch64.sh [--build-only] [ctest arguments...]
exec "$(dirname "$0")/cross-riscv64.sh" --arch aarch64 "$@"
