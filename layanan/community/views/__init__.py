"""Community pages. Views are thin: look up, check the policy, call a service, render."""
