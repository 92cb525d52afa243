"""Build scripts that compile the raw public sources in ../shared/data into src/cjktrade/refdata/data."""
