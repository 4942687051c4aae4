"""Loaders: one module per dataset kind."""
