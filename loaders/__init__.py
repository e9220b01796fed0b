"""plankg's loaders: read → clean → outline → duties/units → indicators → cascade."""
