"""User interface: key bindings, widgets and the commands they issue."""
