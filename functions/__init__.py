"""The scale-to-zero CloudEvent functions: recur, notify, audit, push."""
