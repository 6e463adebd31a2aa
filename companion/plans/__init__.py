"""Floor plans on paper: drawn as SVG at true scale (`drawing`), their labels placed clear of
everything drawn (`labels`), and told in words for a reader who cannot see them (`words`).
Plans as written (the models, walls by offset, origins, geometry checks) are part of the
campaign's models: see `campaign.models.plan`, `campaign.plan_input`, `campaign.plan_geometry`."""
