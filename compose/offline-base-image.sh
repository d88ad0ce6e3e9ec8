#!/usr/bin/env bash
# Builds a base image for the app images without any container registry: Debian (bookworm) with OpenJDK 17's headless
# JRE, installed by debootstrap from Debian's archive, written as a `docker save` tarball. Jib takes it as its base
# through the tar:// source:
#
#   sudo compose/offline-base-image.sh target/base-image
#   mvn -B -Pimages package -DskipTests -Djib.from.image=tar://$PWD/target/base-image/debian-jre17.tar
#
# Needs root (debootstrap installs into a chroot), debootstrap, tar and sha256sum. SUITE and MIRROR override the
# Debian release and archive. With a registry at hand, the default base (eclipse-temurin:17-jre) needs none of this.
set -euo pipefail

out=${1:?usage: $0 OUTPUT_DIR}
suite=${SUITE:-bookworm}
mirror=${MIRROR:-http://deb.debian.org/debian}
name=debian-jre17

if [ "$(id -u)" -ne 0 ]; then
  echo "$0: debootstrap needs root" >&2
  exit 2
fi
command -v debootstrap > /dev/null || { echo "$0: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 2; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates "$suite" "$rootfs" "$mirror"

# What an image needs no copy of: downloaded packages, package lists, documentation.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/var/log/*
java_home=$(readlink -f "$rootfs/usr/bin/java")
java_home=${java_home#"$rootfs"}
java_home=${java_home%/bin/java}

# One layer: the root filesystem, numeric owners, sorted, fixed modification times.
image=$work/image
mkdir -p "$image"
tar --numeric-owner --sort=name --mtime=@0 -C "$rootfs" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
mkdir -p "$image/$diff_id"
mv "$work/layer.tar" "$image/$diff_id/layer.tar"

cat > "$work/config.json" <<EOF
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],"Cmd":["bash"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"compose/offline-base-image.sh: debootstrap $suite openjdk-17-jre-headless"}]}
EOF
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$image/$config_id.json"
cat > "$image/manifest.json" <<EOF
[{"Config":"$config_id.json","RepoTags":["queueflower/$name:$suite"],"Layers":["$diff_id/layer.tar"]}]
EOF

# Entries named plainly (no "./" prefix): Jib refuses a tarball whose entries could point outside it.
tar --numeric-owner --mtime=@0 -C "$image" -cf "$out/$name.tar" manifest.json "$config_id.json" "$diff_id/layer.tar"
echo "$out/$name.tar (queueflower/$name:$suite, layer sha256:$diff_id)"
