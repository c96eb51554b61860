#!/usr/bin/env bash
# Install every build, test and runtime dependency of chansim from Debian's packages.
# Idempotent: does nothing when everything is already installed. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential pkg-config git ca-certificates
  python3                # scripts/check-layers.py (make test)
  libgsl-dev             # distributions, statistics, Sobol sequences
  libhdf5-dev hdf5-tools # results files; h5diff/h5dump for checks
  zlib1g-dev             # HDF5 deflate
  libinih-dev            # INI scenario configs
  librandom123-dev       # counter-based Philox streams
  libcriterion-dev       # tests
  gnuplot-nox            # plots (found at run time)
  time                   # GNU time: CPU and peak memory of each job in make bench
  help2man               # manual pages from the --help texts (make man, part of make)
  libopenmpi-dev openmpi-bin # multi-node sweeps (make MPI=1)
  clang libclang-rt-dev libomp-dev # make fuzz: libFuzzer + sanitizers, OpenMP for clang
  # Readers of results files, for the tests that open them as users do (tests/io/readers/)
  python3 python3-h5py python3-xarray python3-h5netcdf python3-pandas
  r-base-core r-cran-hdf5r
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
