#!/bin/sh
# PID 1 of the emulated Pi (no systemd: it boots in seconds instead of minutes under emulation).
# Mounts the kernel filesystems, brings up QEMU's user-mode network (the host's coordinator is
# 10.0.2.2), then runs the join script the host passed on the kernel command line as
# memnas.run=<base64>: the two commands `memnas serve` prints. Powers off when it ends.
# The initramfs has already moved /proc, /sys and /dev here; mount whatever is missing.
mounted() { grep -q " $1 " /proc/mounts 2>/dev/null; }
mounted /proc || mount -t proc proc /proc
mounted /sys || mount -t sysfs sysfs /sys
mounted /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mounted /dev/pts || mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -o remount,rw /
hostname pi-emu

# QEMU's user-mode network: fixed addresses, no DHCP client needed. The one virtio NIC's name
# comes from the initramfs's udev (enp0s1 on the virt machine).
nic=$(ls /sys/class/net | grep -v '^lo$' | head -1)
ip link set lo up
ip link set "$nic" up
ip addr add 10.0.2.15/24 dev "$nic"
ip route add default via 10.0.2.2

export HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export NODE_EXTRA_CA_CERTS=/usr/local/share/memnas/host-ca.crt ONNXRUNTIME_NODE_INSTALL=skip
# The console is a serial line: npm's progress bar would redraw on it thousands of times.
export npm_config_progress=false npm_config_color=false
echo "memnas-init: up ($(uname -m), kernel $(uname -r), node $(node --version), $(grep MemTotal /proc/meminfo))"

run=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^memnas\.run=//p')
if [ -n "$run" ]; then
  echo "$run" | base64 -d > /run/join.sh
  echo "memnas-init: running the join commands"
  sh -x /run/join.sh
  echo "memnas-init: join commands ended with status $?"
else
  echo "memnas-init: no memnas.run= on the kernel command line; nothing to run"
fi
sync
echo o > /proc/sysrq-trigger
sleep 30
