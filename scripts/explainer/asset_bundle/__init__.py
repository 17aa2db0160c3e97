"""extra_css and extra_javascript joined into one file each (join.py); Material's CSS pruned (css_prune.py)."""
