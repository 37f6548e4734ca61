// The tests share one broker, and one of them stops it: they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
