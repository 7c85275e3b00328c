// V8 allocation tracking for alloc-counter's child process: the functions JS
// calls (harness/child/counters.ts), and the close of a measurement window.
// ARCHITECTURE.md, "The addon", describes the files of this addon:
//   tracker_counting.cc        a window's figures, from V8's sampling heap profiler
//   tracker_snapshot.cc        the heap snapshot (--explain and friends), written from C++
//   tracker_json.cc            JSON text written from C++
//   tracker_wakeup.cc          the platform's loop wake-up, taken back as a window opens
//   tracker_native_window.cc   the malloc counter's window switches (malloc_counter.c)
//
// Why C++ and not node:inspector: the inspector's HeapProfiler domain starts a
// 50 ms heap-stats timer that runs GCs and perturbs the event loop (6 distinct
// totals in 10 runs of one workload), and loses the trace ids of moved objects
// (a 100-object leak read as 0 remaining). Here tracking is switched on and
// off directly, and the snapshot is serialised from C++ straight into a file,
// so no JS object is allocated while the figures are being taken.
#include <node.h>
#include <uv.h>
#include <v8-profiler.h>

#ifdef __linux__
#include <dlfcn.h>
#include <signal.h>
#include <sys/prctl.h>
#endif

#include <string>

#include "alloc_tracker.h"

namespace alloc_tracker {

void ThrowError(v8::Isolate* isolate, const std::string& message) {
  isolate->ThrowException(v8::Exception::Error(
      v8::String::NewFromUtf8(isolate, message.c_str()).ToLocalChecked()));
}

namespace {

using v8::FunctionCallbackInfo;
using v8::Isolate;
using v8::Value;

// startTracking(): records every JS heap allocation into V8's trace tree
// (snapshot counting; in sampling counting, for the allocation sites of a
// window's snapshot), then takes back the loop wake-up its full GC's tasks posted.
void StartTracking(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  isolate->GetHeapProfiler()->StartTrackingHeapObjects(true);
  TakeBackPlatformWakeUp(node::GetCurrentEventLoop(isolate));
}

// startNativeWindow(): zeroes the native counters and starts counting; true
// when the malloc counter is preloaded.
void StartNativeWindow(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(BeginNativeWindow());
}

// Closing a window: after `turns` full turns of the event loop, the figures
// are taken (closeWindowAfter: the heap snapshot; closeCountingWindowAfter:
// the sampling profile) or native counting stops (closeNativeWindowAfter), and
// only then is callback(error | null) called.
//
// The turns let what a workload left in flight (handle close callbacks,
// socket shutdowns) finish inside the window, without running any JS of
// Node's timers, whose allocations would count as the workload's. Closing the
// window here, in C++, before any JS runs, keeps the callback and the
// microtasks it resolves out of the figures. A uv idle handle keeps the loop
// from blocking in poll meanwhile.
enum class WindowKind { kSnapshot, kCounting, kNative };

struct PendingClose {
  uv_idle_t idle;
  int turns_left;
  WindowKind kind;
  std::string path;           // the snapshot (kSnapshot) or the profile (kCounting)
  std::string snapshot_path;  // kCounting: a snapshot too, for diagnostics (or empty)
  bool collect_garbage = false;
  Isolate* isolate;
  v8::Global<v8::Function> callback;
};

void OnIdle(uv_idle_t* handle) {
  auto* pending = static_cast<PendingClose*>(handle->data);
  if (--pending->turns_left > 0) return;
  SuspendNativeCounting();  // for good: the window ends here
  uv_idle_stop(handle);
  Isolate* isolate = pending->isolate;
  std::string error;
  if (pending->kind == WindowKind::kSnapshot) {
    error = WriteSnapshot(isolate, pending->path);
    isolate->GetHeapProfiler()->StopTrackingHeapObjects();
    GiveBackPlatformWakeUp();
  } else if (pending->kind == WindowKind::kCounting) {
    error = FinishCounting(isolate, pending->path, pending->collect_garbage, pending->snapshot_path);
    if (!pending->snapshot_path.empty()) {
      isolate->GetHeapProfiler()->StopTrackingHeapObjects();
      GiveBackPlatformWakeUp();
    }
  }

  v8::HandleScope scope(isolate);
  v8::Local<v8::Function> callback = pending->callback.Get(isolate);
  pending->callback.Reset();
  uv_close(reinterpret_cast<uv_handle_t*>(handle),
           [](uv_handle_t* closed) { delete static_cast<PendingClose*>(closed->data); });
  v8::Local<v8::Value> argv[1] = {
      error.empty() ? v8::Null(isolate).As<Value>()
                    : v8::String::NewFromUtf8(isolate, error.c_str()).ToLocalChecked().As<Value>()};
  node::MakeCallback(isolate, callback, callback, 1, argv, node::async_context{0, 0});
}

void WaitTurnsThenClose(Isolate* isolate, PendingClose* pending, v8::Local<v8::Function> callback) {
  pending->isolate = isolate;
  pending->callback.Reset(isolate, callback);
  pending->idle.data = pending;
  uv_idle_init(node::GetCurrentEventLoop(isolate), &pending->idle);
  uv_idle_start(&pending->idle, OnIdle);
}

std::string StringArgument(Isolate* isolate, v8::Local<Value> value);

// closeWindowAfter(turns, path | null, callback): as closeCountingWindowAfter,
// for snapshot counting: takes the heap snapshot (to path, or nowhere when
// null) and stops tracking.
void CloseWindowAfter(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 3 || !args[0]->IsInt32() || !args[2]->IsFunction()) {
    ThrowError(isolate, "alloc_tracker: closeWindowAfter(turns, path | null, callback)");
    return;
  }
  auto* pending = new PendingClose();
  pending->kind = WindowKind::kSnapshot;
  pending->turns_left = args[0].As<v8::Int32>()->Value();
  pending->path = StringArgument(isolate, args[1]);
  WaitTurnsThenClose(isolate, pending, args[2].As<v8::Function>());
}

std::string StringArgument(Isolate* isolate, v8::Local<Value> value) {
  if (!value->IsString()) return "";
  v8::String::Utf8Value utf8(isolate, value);  // malloc'd: no JS heap allocation
  return std::string(*utf8, utf8.length());
}

// closeCountingWindowAfter(turns, profilePath, collectGarbage, snapshotPath | null, callback):
// as closeWindowAfter, for a counting window (tracker_counting.cc): after
// `turns` turns, writes the window's profile (after a full GC when
// collectGarbage; after a heap snapshot to snapshotPath when given, which
// needs startTracking too), then callback(error | null).
void CloseCountingWindowAfter(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 5 || !args[0]->IsInt32() || !args[1]->IsString() || !args[2]->IsBoolean() ||
      !args[4]->IsFunction()) {
    ThrowError(isolate, "alloc_tracker: closeCountingWindowAfter(turns, profilePath, collectGarbage, snapshotPath | null, callback)");
    return;
  }
  if (!IsCounting()) {
    ThrowError(isolate, "alloc_tracker: closeCountingWindowAfter without startCounting");
    return;
  }
  auto* pending = new PendingClose();
  pending->kind = WindowKind::kCounting;
  pending->turns_left = args[0].As<v8::Int32>()->Value();
  pending->path = StringArgument(isolate, args[1]);
  pending->collect_garbage = args[2].As<v8::Boolean>()->Value();
  pending->snapshot_path = StringArgument(isolate, args[3]);
  WaitTurnsThenClose(isolate, pending, args[4].As<v8::Function>());
}

// closeNativeWindowAfter(turns, callback): as closeWindowAfter, for a native
// window: after `turns` turns, stops native counting, then callback(null).
void CloseNativeWindowAfter(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 2 || !args[0]->IsInt32() || !args[1]->IsFunction()) {
    ThrowError(isolate, "alloc_tracker: closeNativeWindowAfter(turns, callback)");
    return;
  }
  // Our PendingClose and idle handle are not the workload's.
  SuspendNativeCounting();
  auto* pending = new PendingClose();
  pending->kind = WindowKind::kNative;
  pending->turns_left = args[0].As<v8::Int32>()->Value();
  WaitTurnsThenClose(isolate, pending, args[1].As<v8::Function>());
  ResumeNativeCounting();
}

// dieWithParent(): the kernel kills this process when its parent dies, so a
// runner killed with SIGKILL leaves no child running. Returns false where
// that is not available (not Linux).
void DieWithParent(const FunctionCallbackInfo<Value>& args) {
#ifdef __linux__
  args.GetReturnValue().Set(prctl(PR_SET_PDEATHSIG, SIGKILL) == 0);
#else
  args.GetReturnValue().Set(false);
#endif
}

// setRealRateTime(on): switches virtual time (virtual_time.node, preloaded)
// to the real rate or back (vtime_set_real_rate in vtime_clock.c). Returns
// false when virtual time is not loaded (--real-time, not Linux): the clocks
// are real already.
void SetRealRateTime(const FunctionCallbackInfo<Value>& args) {
#ifdef __linux__
  using SetRealRate = int (*)(int);
  static auto set_real_rate = reinterpret_cast<SetRealRate>(dlsym(RTLD_DEFAULT, "vtime_set_real_rate"));
  if (set_real_rate != nullptr && args.Length() == 1 && args[0]->IsBoolean()) {
    set_real_rate(args[0].As<v8::Boolean>()->Value() ? 1 : 0);
    args.GetReturnValue().Set(true);
    return;
  }
#endif
  args.GetReturnValue().Set(false);
}

// fixRandom(): OpenSSL's random bytes from a fixed seed (tracker_random.cc);
// false where that cannot be done.
void FixRandom(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(InstallFixedRandom());
}

}  // namespace

}  // namespace alloc_tracker

NODE_MODULE_INIT(/* exports, module, context */) {
  using namespace alloc_tracker;
  LookUpNativeWindow();
  FindPlatformFlushTasks();
  NODE_SET_METHOD(exports, "startTracking", StartTracking);
  NODE_SET_METHOD(exports, "closeWindowAfter", CloseWindowAfter);
  NODE_SET_METHOD(exports, "startCounting", StartCounting);  // tracker_counting.cc
  NODE_SET_METHOD(exports, "closeCountingWindowAfter", CloseCountingWindowAfter);
  NODE_SET_METHOD(exports, "dieWithParent", DieWithParent);
  NODE_SET_METHOD(exports, "setRealRateTime", SetRealRateTime);
  NODE_SET_METHOD(exports, "fixRandom", FixRandom);
  NODE_SET_METHOD(exports, "startNativeWindow", StartNativeWindow);
  NODE_SET_METHOD(exports, "closeNativeWindowAfter", CloseNativeWindowAfter);
}
