#!/usr/bin/env python3
"""What Packer and Kiln made from the same template, region by region, through the AWS CLI; and their manifests.
usage: compare.py PACKER_MANIFEST KILN_MANIFEST HOME_REGION   (AWS_* of `kiln local-cloud env` in the environment)
Prints one JSON summary per tool and exits 1 when they differ in anything but ids, times and names."""
import json, subprocess, sys

def aws(region, *args):
    out = subprocess.run(["aws", "ec2", *args, "--region", region, "--output", "json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out) if out else {}

def summary(manifest_path, home, packer):
    build = json.load(open(manifest_path))["builds"][-1]
    images = dict(p.split(":") for p in build["artifact_id"].split(","))
    result = {"manifest": {k: build[k] for k in ("name", "builder_type", "files", "custom_data")},
              "manifest_keys": sorted(build), "regions": sorted(images), "images": {}}
    for region, ami in sorted(images.items()):
        # Packer signs for the template's region; Kiln's local builds are served as the local cloud's own region.
        sign = region if packer or region != "ap-northeast-1" else home
        image = aws(sign, "describe-images", "--image-ids", ami)["Images"][0]
        ebs = image["BlockDeviceMappings"][0]["Ebs"]
        snap = aws(sign, "describe-snapshots", "--snapshot-ids", ebs["SnapshotId"])["Snapshots"][0]
        launch = aws(sign, "describe-image-attribute", "--image-id", ami, "--attribute", "launchPermission")["LaunchPermissions"]
        tags = {t["Key"]: t["Value"] for t in image.get("Tags", []) if not t["Key"].startswith("kiln:")}
        snap_tags = {t["Key"]: t["Value"] for t in snap.get("Tags", []) if not t["Key"].startswith("kiln:")}
        key = ebs.get("KmsKeyId", "")
        result["images"][region] = {
            "state": image["State"], "encrypted": ebs["Encrypted"], "snapshot_encrypted": snap["Encrypted"],
            "kms_key": key.replace(f":{sign}:", ":REGION:") if region == "ap-northeast-1" else key,
            "launch": sorted(p.get("UserId") or p.get("Group") for p in launch),
            "tags": {k: v for k, v in tags.items() if k != "Base"}, "base_tag_set": bool(tags.get("Base")),
            "snapshot_tag_keys": sorted(k for k in snap_tags if k != "Snap"), "snapshot_tag_set": bool(snap_tags.get("Snap")),
            "public": image["Public"],
        }
    return result

packer = summary(sys.argv[1], sys.argv[3], True)
kiln = summary(sys.argv[2], sys.argv[3], False)
print(json.dumps({"packer": packer, "kiln": kiln}, indent=1, sort_keys=True))
sys.exit(0 if packer == kiln else 1)
