// Loader of the bundled dataset.
