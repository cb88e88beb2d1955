"""audit: every task event becomes one entry of the user's hash-chained activity log."""
