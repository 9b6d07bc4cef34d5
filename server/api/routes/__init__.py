"""One module per area; each route is one service call."""
