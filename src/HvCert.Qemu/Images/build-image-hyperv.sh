# HvCert Hyper-V template stage: spliced into build-image.sh after "configure" (see ImageRecipe.HyperVScript), so it
# shares the lab's debootstrap, signed boot chain, file systems and dual BIOS/UEFI disk. It turns the lab guest into
# a Hyper-V template: no fw_cfg key loader (cloud-init installs the keys from hvcert's NoCloud seed), NoCloud as the
# only datasource, the Hyper-V daemons enabled, the hv drivers in the initramfs (plus virtio_scsi, so the QEMU lab
# can boot the same disk), chrony on the Hyper-V PTP clock. Nothing secret is baked in: no host keys, no authorized keys.
step hyperv
# The Hyper-V packages come from the guest's own apt (debootstrap --include fails to configure cloud-init's Python stack).
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mount -t proc proc "$ROOT/proc"
chroot "$ROOT" apt-get -q update
chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get -q -y install --no-install-recommends hyperv-daemons cloud-init sudo
chroot "$ROOT" apt-get clean
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin
: > "$ROOT/etc/resolv.conf"
chroot "$ROOT" systemctl disable hvcert-fwcfg-keys.service 2>&1 || true
rm -f "$ROOT/etc/systemd/system/hvcert-fwcfg-keys.service" "$ROOT/usr/local/sbin/hvcert-fwcfg-keys" "$ROOT/etc/modules-load.d/hvcert.conf"
find "$ROOT/etc/systemd/system" -name 'hvcert-fwcfg-keys.service' -delete
rm -f "$ROOT"/etc/ssh/ssh_host_* "$ROOT/root/.ssh/authorized_keys"
[ -x "$ROOT/usr/bin/cloud-init" ] || fail "cloud-init is not installed in the image"
mkdir -p "$ROOT/etc/cloud/cloud.cfg.d"
cat > "$ROOT/etc/cloud/cloud.cfg.d/90-hvcert-nocloud.cfg" <<'CFG'
# HvCert Hyper-V template: the only datasource is NoCloud (hvcert attaches a seed ISO labelled cidata to each VM).
# The network is systemd-networkd's (DHCP on eth0, the first NIC); cloud-init leaves it alone.
datasource_list: [ NoCloud, None ]
network: {config: disabled}
CFG
rm -f "$ROOT/etc/cloud/cloud-init.disabled"
# sshd starts only once cloud-init has written the pinned host key from the seed.
mkdir -p "$ROOT/etc/systemd/system/ssh.service.d"
printf '[Unit]\nAfter=cloud-init.service\n' > "$ROOT/etc/systemd/system/ssh.service.d/10-hvcert-after-cloud-init.conf"
# Time: the Hyper-V PTP clock (/dev/ptp_hyperv, from hv_utils; udev names it) instead of the lab's user-net gateway.
rm -f "$ROOT/etc/chrony/sources.d/hvcert-lab-host.sources"
sed -i '/^server 10\.0\.2\.2 /d' "$ROOT/etc/chrony/chrony.conf"
if grep -q '^confdir /etc/chrony/conf.d' "$ROOT/etc/chrony/chrony.conf"; then
  echo 'refclock PHC /dev/ptp_hyperv poll 3 dpoll -2 offset 0 stratum 2' > "$ROOT/etc/chrony/conf.d/hvcert-hyperv.conf"
else
  echo 'refclock PHC /dev/ptp_hyperv poll 3 dpoll -2 offset 0 stratum 2' >> "$ROOT/etc/chrony/chrony.conf"
fi
# The Hyper-V daemons (KVP, VSS, file copy) and cloud-init's stages, enabled and checked. A unit without an [Install]
# section would only be "static": give every daemon a multi-user.target.wants link so it starts at boot either way.
HV_UNITS=$(cd "$ROOT/lib/systemd/system" && ls -1 hv-*.service 2>/dev/null | tr '\n' ' ' || true)
echo "Hyper-V daemon units: $HV_UNITS"
CI_UNITS=""
for u in cloud-init-local cloud-init cloud-init-network cloud-config cloud-final; do
  [ -f "$ROOT/lib/systemd/system/$u.service" ] && CI_UNITS="$CI_UNITS $u.service"
done
chroot "$ROOT" systemctl enable $HV_UNITS $CI_UNITS 2>&1 || true
mkdir -p "$ROOT/etc/systemd/system/multi-user.target.wants"
for unit in $HV_UNITS; do
  ls "$ROOT"/etc/systemd/system/*.wants/"$unit" >/dev/null 2>&1 \
    || ln -s "/lib/systemd/system/$unit" "$ROOT/etc/systemd/system/multi-user.target.wants/$unit"
done
for unit in hv-kvp-daemon.service hv-vss-daemon.service $HV_UNITS $CI_UNITS ssh.service; do
  chroot "$ROOT" systemctl is-enabled "$unit" >/dev/null 2>&1 || fail "could not enable $unit in the Hyper-V template"
done
# The initramfs: the Hyper-V drivers, so the root disk is found on a synthetic SCSI controller (and virtio_scsi for the lab).
HV_MODULES="hv_vmbus hv_storvsc hv_netvsc hv_utils hv_balloon hyperv_keyboard hid_hyperv hyperv_drm virtio_scsi"
printf '%s\n' $HV_MODULES >> "$ROOT/etc/initramfs-tools/modules"
chroot "$ROOT" update-initramfs -u -k "$KVER"
INITRD_LIST=$(chroot "$ROOT" lsinitramfs "/boot/initrd.img-$KVER")
unmount_all
for m in $HV_MODULES; do
  grep -q "/${m//_/[-_]}\.ko" <<<"$INITRD_LIST" || fail "no $m module in initrd.img-$KVER"
done
sed -i 's/(HvCert lab)/(HvCert Hyper-V template)/' "$ROOT/boot/grub/grub.cfg"
echo "hvcert-template" > "$ROOT/etc/hostname"
sed -i 's/hvcert-guest/hvcert-template/' "$ROOT/etc/hosts"
for p in hyperv-daemons cloud-init sudo initramfs-tools; do
  echo "##META pkg.$p=$(chroot "$ROOT" dpkg-query -W -f='${Version}' "$p")"
done
echo "##META hv_units=$HV_UNITS"
