"""rlib: the RPy library. Importable under CPython, so RPy programs that use it still run there;
the translator knows these functions and translates them specially."""
