#!/usr/bin/env python3
"""Open a chansim results file as a user would (docs/output.md) and check what comes back.

usage: read_results.py run|batch|sweep FILE SCENARIO [OTHER_SCENARIO]

Each check uses the one-line readers of docs/output.md: xarray with the h5netcdf engine,
pandas, h5py. Exit status 0 if every check holds; 1 with the failed check on stderr;
3 if a package is missing (the message names the Debian package to install).
"""
import sys

try:
    import h5py
    import numpy as np
    import pandas as pd
    import xarray as xr
    import h5netcdf  # noqa: F401  (the engine xarray uses below)
except ImportError as e:
    sys.stderr.write(f"read_results.py: {e}: install python3-h5py python3-xarray python3-h5netcdf "
                     "python3-pandas (scripts/install-deps.sh)\n")
    sys.exit(3)


def check(cond, what):
    if not cond:
        sys.stderr.write(f"read_results.py: check failed: {what}\n")
        sys.exit(1)


def check_weekly(path, scen):
    # The one line: per-replication weekly series with a dated week axis.
    ds = xr.open_dataset(path, engine="h5netcdf", group=f"scenarios/{scen}/weekly")
    a = ds["arrivals"]
    check(a.dims == ("replication", "week"), f"arrivals dims {a.dims}")
    check(np.issubdtype(ds["week"].dtype, np.datetime64), f"week is {ds['week'].dtype}, not datetime64")
    check(ds["replication"].dtype.kind == "i", "replication coordinate is not integer")
    check(a.attrs.get("units") == "people", f"arrivals units {a.attrs.get('units')!r}")
    check(a.attrs.get("kind") == "flow" and a.attrs.get("cell_methods") == "week: sum", "arrivals is not a flow")
    check(ds["waiting"].attrs.get("kind") == "stock", "waiting is not marked as a stock")
    check("long_name" in a.attrs, "arrivals has no long_name")
    check("partial_week" in ds.coords and "week_days" in ds.coords, "no partial_week/week_days coordinates")
    days = ds["week_days"].values
    check(((ds["partial_week"].values == 1) == (days < 7)).all(), "partial_week disagrees with week_days")

    # The same numbers as the raw HDF5 dataset, in the same places (no misalignment).
    with h5py.File(path, "r") as f:
        raw = f[f"scenarios/{scen}/weekly/arrivals"]
        check(np.array_equal(raw[...], a.values, equal_nan=True), "xarray values differ from the raw dataset")
        check(raw.dims[1][0].name.endswith("/weekly/week"), "h5py: axis 1 of arrivals is not the week scale")
        start = f[f"scenarios/{scen}"].attrs["start_date"]
        iso = f[f"scenarios/{scen}/week_start"].asstr()[...]
        # Calendar weeks: each labelled by its Monday; the first holds start_date.
        monday = pd.Timestamp(start) - pd.Timedelta(days=pd.Timestamp(start).weekday())
        check(pd.Timestamp(iso[0]) == monday, f"week_start[0] {iso[0]} is not the Monday of start_date {start}")
        check(all(pd.Timestamp(x).weekday() == 0 for x in iso), "a week_start is not a Monday")
        lead = (pd.Timestamp(start) - monday).days
        check(int(ds["week_days"].values[0]) == 7 - lead, "week_days[0] is not the days from start_date to Sunday")
        check(list(pd.to_datetime(iso)) == list(pd.to_datetime(ds["week"].values)), "week_start != week")

    # pandas: one labelled series (mean over replications by week), indexed by date.
    s = xr.open_dataset(path, engine="h5netcdf", group=f"scenarios/{scen}/summary/weekly")["arrivals"] \
        .sel(statistic="mean").to_pandas()
    check(isinstance(s.index, pd.DatetimeIndex), "summary series index is not dated")
    check(np.allclose(s.values, a.mean("replication").values, equal_nan=True), "summary mean != mean of replications")

    d = xr.open_dataset(path, engine="h5netcdf", group=f"scenarios/{scen}/daily")
    check(np.issubdtype(d["day"].dtype, np.datetime64), "daily: day is not datetime64")
    steps = np.diff(d["day"].values).astype("timedelta64[D]").astype(int)
    check((steps == 1).all(), "daily: days are not consecutive")
    check(d["day"].values[0] == np.datetime64(start), "daily: first day != start_date")
    check(int(ds["week_days"].values.sum()) == d.sizes["day"], "week_days do not add up to the days")

    g = xr.open_dataset(path, engine="h5netcdf", group=f"scenarios/{scen}/groups")
    gv = next(iter(g.data_vars.values()))
    check(gv.dims == ("replication", "week", "group"), f"groups dims {gv.dims}")
    check(g["group"].dtype.kind in "OU", "group labels are not strings")

    t = xr.open_dataset(path, engine="h5netcdf", group=f"scenarios/{scen}/totals")
    check(t["arrivals"].dims == ("replication",), "totals dims")
    check(np.allclose(t["arrivals"].values, a.sum("week").values), "totals != sum of weekly arrivals")
    return ds


def check_run(path, scen):
    check_weekly(path, scen)


def check_batch(path, base, other):
    check_weekly(path, base)
    check_weekly(path, other)
    c = xr.open_dataset(path, engine="h5netcdf", group=f"comparison/{other}/weekly")
    check(np.issubdtype(c["week"].dtype, np.datetime64), "comparison: week is not datetime64")
    check(list(c["statistic"].values) == ["mean", "lo", "hi"], f"comparison statistics {list(c['statistic'].values)}")
    m = c["arrivals"].sel(statistic="mean").to_pandas()
    check(isinstance(m.index, pd.DatetimeIndex), "comparison series index is not dated")


def check_sweep(path):
    ds = xr.open_dataset(path, engine="h5netcdf", group="sweep/summary")
    a = ds["arrivals"]
    check(a.dims == ("point", "statistic"), f"sweep summary dims {a.dims}")
    names = list(xr.open_dataset(path, engine="h5netcdf", group="sweep")["names"].values)
    for n in names:
        check(n in ds.coords, f"swept parameter {n} is not a coordinate of the sweep summary")
        check(ds[n].dtype.kind in "fi" or np.issubdtype(ds[n].dtype, np.datetime64),
              f"swept parameter {n} is stored as {ds[n].dtype}")
    # One line: a table of the swept parameters and the mean outcome.
    df = a.sel(statistic="mean").to_dataframe()
    check(all(n in df.columns for n in names) and "arrivals" in df.columns, f"sweep table columns {list(df.columns)}")
    t = xr.open_dataset(path, engine="h5netcdf", group="sweep/totals")
    check(t["arrivals"].dims == ("point", "replication"), "sweep totals dims")
    with h5py.File(path, "r") as f:
        check(np.array_equal(f["sweep/totals/arrivals"][...], t["arrivals"].values, equal_nan=True),
              "sweep totals differ from the raw dataset")


def main(argv):
    if len(argv) < 3 or argv[1] not in ("run", "batch", "sweep"):
        sys.stderr.write(__doc__)
        return 2
    kind, path = argv[1], argv[2]
    if kind == "run":
        check_run(path, argv[3])
    elif kind == "batch":
        check_batch(path, argv[3], argv[4])
    else:
        check_sweep(path)
    print(f"read_results.py: {kind} file {path}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
