"""Compiled reference data: loading (``loader``), and derived indexes built at first use (``hs_index``)."""
