// One app and one Chromium at a time: the suite shares a small machine with other builds.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
