#!/usr/bin/env bash
# Boots the emulated Raspberry Pi built by build.sh: qemu-system-aarch64, virt machine,
# Cortex-A72, 1 GiB RAM, Debian's arm64 kernel, user-mode network (the guest reaches the host's
# loopback as 10.0.2.2, and the internet through the host). Each boot starts from the cached
# image through a throwaway overlay, so the image stays clean.
#
#   scripts/emulated-pi/boot.sh JOIN_SCRIPT      # JOIN_SCRIPT: the commands the guest runs
#
# JOIN_SCRIPT holds the two commands `memnas serve` prints (npm install -g …/memnas-agent.tgz,
# then memnas-agent agent …); a coordinator address of 127.0.0.1 or localhost becomes 10.0.2.2,
# the host's loopback as the guest sees it. The guest's
# console goes to stdout; the guest powers off when the commands end (or kill this script).
# Env: MEMNAS_PI_CACHE (image folder), MEMNAS_PI_SMP (guest CPUs, default 2),
# MEMNAS_PI_MEMORY (default 1G), MEMNAS_PI_THP (transparent huge pages, default never).
#
# Transparent huge pages are off by default, as on a Pi: Raspberry Pi OS's kernel
# (bcm2711_defconfig) is built without them, while Debian's arm64 kernel defaults to `always`.
# With `always`, a 2 MB mapping the runtime writes may be backed by one huge page, and the guest's
# peak of the same model jumped by about 2 MB between processes after hours of uptime
# (docs/benchmarks.md, "What moves the guest's peak").
set -euo pipefail
cache="${MEMNAS_PI_CACHE:-$HOME/.cache/memnas/emulated-pi}"
join="${1:-}"
die() { echo "emulated-pi boot: $*" >&2; exit 1; }
[ -n "$join" ] && [ -f "$join" ] || die "usage: boot.sh JOIN_SCRIPT (a file with the commands the guest runs)"
[ -f "$cache/base.qcow2" ] || die "no image in $cache: run scripts/emulated-pi/build.sh first (as root)"
command -v qemu-system-aarch64 >/dev/null || die "missing qemu-system-aarch64: apt-get install qemu-system-arm"

# Inside the guest the host's loopback is 10.0.2.2: rewrite what `memnas serve` printed for a
# coordinator listening on 127.0.0.1 / localhost.
payload=$(sed -E 's#(https?://)(127\.0\.0\.1|localhost)([:/])#\110.0.2.2\3#g' "$join" | base64 -w0)
[ ${#payload} -lt 1800 ] || die "the join script is too long for the kernel command line (${#payload} bytes of base64)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
qemu-img create -q -f qcow2 -b "$cache/base.qcow2" -F qcow2 "$work/overlay.qcow2"

exec_args=(
  -M virt -cpu cortex-a72 -smp "${MEMNAS_PI_SMP:-2}" -m "${MEMNAS_PI_MEMORY:-1G}"
  -nographic -no-reboot
  -kernel "$cache/vmlinuz" -initrd "$cache/initrd.img"
  -append "root=/dev/vda rw console=ttyAMA0 init=/sbin/memnas-init quiet transparent_hugepage=${MEMNAS_PI_THP:-never} memnas.run=$payload"
  -drive "if=virtio,format=qcow2,file=$work/overlay.qcow2"
  -netdev user,id=net0 -device virtio-net-pci,netdev=net0
)
# Not exec: the EXIT trap removes the overlay when QEMU ends, and a TERM or INT sent to this
# script is passed on to QEMU (bash would otherwise wait for its foreground child first).
qemu-system-aarch64 "${exec_args[@]}" < /dev/null &
qemu_pid=$!
trap 'kill -TERM "$qemu_pid" 2>/dev/null' TERM INT
status=0
wait "$qemu_pid" || status=$?
# A trapped signal ends the first wait early; the second waits for QEMU itself.
wait "$qemu_pid" 2>/dev/null || true
exit "$status"
