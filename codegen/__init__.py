"""Code generation: schema -> intermediate model -> jinja2 templates -> formatted, atomically written files."""
