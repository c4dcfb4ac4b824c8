step vhdx
# Hyper-V's own format: a dynamic VHDX (blocks allocated as written), which qemu-img writes and Hyper-V reads.
qemu-img convert -f raw -O vhdx -o subformat=dynamic "$WORK/disk.raw" "$WORK/disk.vhdx"
rm -f "$WORK/disk.raw"
rm -rf --one-file-system "$ROOT" "$WORK/efi-x"
echo "##META root_uuid=$ROOT_UUID"
echo "##STEP done"
