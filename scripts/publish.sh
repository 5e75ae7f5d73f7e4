#!/usr/bin/env bash
# Publishes Kiln as one self-contained executable for this machine's architecture: it runs on Debian 12 without the
# .NET runtime (the runtime is inside it). `./kiln` keeps building from source; this is the release build.
#   scripts/publish.sh [OUT_DIR]                 single-file, self-contained, ReadyToRun (default: .build/release)
#   KILN_PUBLISH=aot scripts/publish.sh [OUT]    Native AOT (needs clang, zlib1g-dev and libsqlite3-dev: installed
#                                                when missing; SQLite is linked in);
#                                                see the README for what of Kiln does not survive it
# Prints the file's path and size.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/.build/release}
mode=${KILN_PUBLISH:-single-file}
rid=linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
case $mode in
  single-file)
    # The native SQLite library goes inside the file too; the runtime extracts it once to DOTNET_BUNDLE_EXTRACT_BASE_DIR
    # (default ~/.net) at its first start.
    props=(-p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:PublishReadyToRun=true) ;;
  aot)
    need=()
    command -v clang >/dev/null 2>&1 || need+=(clang)
    dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
    dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
    if [ ${#need[@]} -gt 0 ]; then
      echo "publish: installing ${need[*]} (Native AOT links with clang against zlib and SQLite)" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
    # Kiln is not yet clean of trimming and AOT analysis warnings (the web server's Razor pages and minimal API, the
    # Compute Engine API's JSON, Quartz, YamlDotNet): they are reported, not errors, and what they name fails at run
    # time. What works is in the README ("Release build").
    sqlite=$(dpkg -L libsqlite3-dev | grep '/libsqlite3\.a$')
    props=(-p:PublishAot=true -p:TreatWarningsAsErrors=false -p:EnableRequestDelegateGenerator=false
      "-p:SqliteStaticLibrary=$sqlite") ;;
  *) echo "publish: KILN_PUBLISH is single-file or aot, not '$mode'" >&2; exit 2 ;;
esac
rm -rf "$out"
mkdir -p "$out"
# Its own build directories: a self-contained build for the same runtime identifier in the projects' obj/ would mix
# with `./kiln`'s framework-dependent one.
if ! dotnet publish "$root/src/Kiln.Cli/Kiln.Cli.csproj" -c Release -r "$rid" --self-contained true "${props[@]}" \
    --artifacts-path "$root/.build/release-$mode" -o "$out" -nologo -v q -clp:ErrorsOnly >"$out.log" 2>&1; then
  cat "$out.log" >&2; echo "publish: $mode build failed" >&2; exit 1
fi
# Debug symbols stay beside it for whoever needs them; the release is the one file.
ls -l "$out/kiln" | awk -v mode="$mode" '{printf "%s (%s): %.1f MB\n", $NF, mode, $5 / 1048576}'
