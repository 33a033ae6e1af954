"""A plugin that fails to import (test fixture)."""
raise ImportError("this district plugin is broken")
