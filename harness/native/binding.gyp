{
  "targets": [
    {
      "target_name": "alloc_tracker",
      "sources": [
        "alloc_tracker.cc",
        "tracker_counting.cc",
        "tracker_json.cc",
        "tracker_native_window.cc",
        "tracker_random.cc",
        "tracker_snapshot.cc",
        "tracker_wakeup.cc"
      ],
      "cflags_cc": ["-O2", "-std=c++20"],
      "cflags_cc!": ["-fno-exceptions"]
    }
  ],
  "conditions": [
    ["OS=='linux'", {
      "targets": [
        {
          # The malloc interposer (LD_PRELOAD) that is also an N-API module; see malloc_counter.c.
          "target_name": "malloc_counter",
          "sources": [
            "malloc_counter.c",
            "malloc_interpose.c",
            "malloc_real.c",
            "malloc_table.c",
            "malloc_window.c"
          ],
          "cflags_c": ["-O2", "-std=gnu11", "-fvisibility=hidden"],
          # Lazy binding: when preloaded into a process that is not node, the
          # napi_* symbols stay unresolved and are never called.
          "ldflags": ["-Wl,-z,lazy"],
          "libraries": ["-ldl"]
        },
        {
          # Virtual time for the child (LD_PRELOAD, not a Node module); see vtime_clock.c.
          "target_name": "virtual_time",
          "sources": ["fixed_ports.c", "vtime_callers.c", "vtime_clock.c", "vtime_wait.c"],
          "cflags_c": ["-O2", "-std=gnu11", "-fvisibility=hidden"],
          "libraries": ["-ldl", "-lpthread"]
        }
      ]
    }]
  ]
}
