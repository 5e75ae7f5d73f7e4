// Four tests at a time, not one per core: the Compute Engine tests mostly wait (on a health check's interval, a group's
// next reconcile, gcloud's own start-up), and each collection runs on a local cloud of its own.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 4)]
