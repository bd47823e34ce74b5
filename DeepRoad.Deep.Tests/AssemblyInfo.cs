// Torch's random generator and thread pool are process-wide: run these tests one at a time so seeds and thread
// counts of one test do not leak into another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
