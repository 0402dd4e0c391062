class AccessibleErrorsMixin:
    """Ties each field's error message to its input, so screen readers announce it."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described_by = [f"{bound.auto_id}-error"]
            if self.fields[name].help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs.update({"aria-describedby": " ".join(described_by), "aria-invalid": "true"})
