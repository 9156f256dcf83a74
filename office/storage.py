from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; source-map comments are not followed because the
    vendored releases ship without their .map files."""

    patterns = tuple(
        (
            glob,
            tuple(p for p in pats if "sourceMappingURL" not in (p if isinstance(p, str) else p[0])),
        )
        for glob, pats in CompressedManifestStaticFilesStorage.patterns
    )
