"""The knowledge bank for other systems: OAI-PMH 2.0 at `/oai/` with `oai_dc` and NL LOM (`lom`), for Edurep and
edusources (oai.py, metadata.py), and schema.org JSON-LD on every entry page (schema_org.py). docs/oai-pmh.md maps
each field to its element."""
