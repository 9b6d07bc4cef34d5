"""HTTP boundary: thin routes that map a request to one service call."""
