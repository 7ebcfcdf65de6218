#!/usr/bin/env bash
# Builds the emulated Raspberry Pi: a Debian bookworm arm64 system with Debian's own arm64 kernel,
# glibc, Node 18 and npm, prepared under qemu-user-static and packed into a disk image that
# boot.sh starts with qemu-system-aarch64. Everything comes from Debian's packages and the npm
# registry. Needs root (debootstrap, chroot, binfmt_misc).
#
#   sudo scripts/emulated-pi/build.sh            # builds into ~/.cache/memnas/emulated-pi
#   MEMNAS_PI_CACHE=/some/dir scripts/emulated-pi/build.sh --force
#
# The result is cached: a second run with the image present does nothing (use --force).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${MEMNAS_PI_CACHE:-$HOME/.cache/memnas/emulated-pi}"
mirror="${MEMNAS_PI_MIRROR:-http://deb.debian.org/debian}"
size="${MEMNAS_PI_DISK:-4G}"
force=0
[ "${1:-}" = "--force" ] && force=1

die() { echo "emulated-pi build: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
for tool in debootstrap qemu-img mkfs.ext4 qemu-system-aarch64; do
  command -v "$tool" >/dev/null || die "missing $tool: apt-get install debootstrap qemu-utils e2fsprogs qemu-system-arm qemu-user-static"
done
if [ -f "$cache/base.qcow2" ] && [ "$force" = 0 ]; then
  echo "emulated-pi: image present in $cache (use --force to rebuild)"
  exit 0
fi

# Running arm64 binaries in the chroot needs binfmt_misc with qemu-aarch64 registered.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || die "cannot mount binfmt_misc"
fi
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64 \
  || die "qemu-aarch64 is not registered with binfmt_misc (apt-get install qemu-user-static)"

start=$(date +%s)
mkdir -p "$cache"
root="$cache/rootfs"
# A failed earlier build may have left the guest's /proc mounted.
umount "$root/proc" 2>/dev/null || true
rm -rf "$root"
# debootstrap resolves a minimal base; apt inside the guest resolves the rest (debootstrap's own
# resolver misses some of npm's dependencies).
echo "emulated-pi: debootstrap bookworm arm64 (minbase)"
debootstrap --arch=arm64 --variant=minbase --include=ca-certificates,iproute2,kmod,procps \
  bookworm "$root" "$mirror" > "$cache/debootstrap.log" 2>&1 \
  || die "debootstrap failed: see $cache/debootstrap.log"
# The initramfs holds only what QEMU's virt machine needs: with Debian's default (most modules)
# mkinitramfs copies ~1,700 modules one process at a time under emulation (~30 min).
mkdir -p "$root/etc/initramfs-tools/conf.d"
echo 'MODULES=list' > "$root/etc/initramfs-tools/conf.d/memnas-pi.conf"
printf 'virtio_pci\nvirtio_mmio\nvirtio_blk\nvirtio_net\next4\n' >> "$root/etc/initramfs-tools/modules"
echo "emulated-pi: installing Node, npm and Debian's arm64 kernel in the guest (slow under emulation)"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
  'apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm linux-image-arm64 initramfs-tools && apt-get clean' \
  > "$cache/apt.log" 2>&1 || die "apt in the guest failed: see $cache/apt.log"

echo "emulated-pi: configuring the guest"
echo pi-emu > "$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 pi-emu\n' > "$root/etc/hosts"
echo 'nameserver 10.0.2.3' > "$root/etc/resolv.conf"
printf '/dev/vda / ext4 rw,noatime 0 1\n' > "$root/etc/fstab"
# npm reaches the registry only through the host's CA bundle on machines that intercept TLS.
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/usr/local/share/memnas/host-ca.crt"
# Use what the image already caches before asking the registry (the guest is slow).
printf 'prefer-offline=true\nfund=false\naudit=false\nupdate-notifier=false\n' > "$root/etc/npmrc"
install -m 0755 "$here/guest-init.sh" "$root/sbin/memnas-init"

# Warm the guest's npm cache with the agent's registry dependencies, so joining needs only the
# coordinator's tarball. The versions are the agent package's own.
agent_deps=$(node -e '
  const p = require(process.argv[1]);
  console.log(Object.entries(p.dependencies).map(([n, v]) => n + "@" + v).join(" "));
' "$here/../../profiler-agent/package.json")
echo "emulated-pi: caching $agent_deps in the guest's npm cache"
chroot "$root" /usr/bin/env HOME=/root NODE_EXTRA_CA_CERTS=/usr/local/share/memnas/host-ca.crt \
  ONNXRUNTIME_NODE_INSTALL=skip npm install -g --prefix /tmp/warm $agent_deps \
  > "$cache/npm-warm.log" 2>&1 || die "npm in the guest failed: see $cache/npm-warm.log"
rm -rf "$root/tmp/warm"
# The disk image is packed from the guest's tree, without the host's /proc in it.
umount "$root/proc"

kernel=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -1)
initrd=$(ls "$root"/boot/initrd.img-* | sort -V | tail -1)
[ -f "$kernel" ] && [ -f "$initrd" ] || die "no kernel/initrd in the guest's /boot"
cp "$kernel" "$cache/vmlinuz"
cp "$initrd" "$cache/initrd.img"
node_version=$(chroot "$root" /usr/bin/node --version)

echo "emulated-pi: packing the disk image ($size)"
rm -f "$cache/base.raw" "$cache/base.qcow2"
mkfs.ext4 -q -L pi-root -d "$root" "$cache/base.raw" "$size"
qemu-img convert -O qcow2 "$cache/base.raw" "$cache/base.qcow2.tmp"
mv "$cache/base.qcow2.tmp" "$cache/base.qcow2"
rm -rf "$cache/base.raw" "$root"
end=$(date +%s)
cat > "$cache/build.json" <<JSON
{"builtAt": "$(date -u +%FT%TZ)", "seconds": $((end - start)), "kernel": "$(basename "$kernel")", "node": "$node_version", "agentDependencies": "$agent_deps"}
JSON
echo "emulated-pi: built in $((end - start)) s: $cache/base.qcow2 (kernel $(basename "$kernel"), node $node_version)"
