{
  "targets": [
    {
      "target_name": "alloc_tracker",
      "sources": ["alloc_tracker.cc"],
      "cflags_cc": ["-O2", "-std=c++20"],
      "cflags_cc!": ["-fno-exceptions"]
    }
  ]
}
