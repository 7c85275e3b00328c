// V8 allocation tracking for alloc-counter's child process.
//
// Why C++ and not node:inspector: the inspector's HeapProfiler domain starts a
// 50 ms heap-stats timer that runs GCs and perturbs the event loop, and loses
// trace ids of moved objects (see DESIGN.md). Here tracking is switched on and
// off directly, and the snapshot is serialised from C++ straight into a file,
// so no JS object is allocated while the figures are being taken.
#include <node.h>
#include <uv.h>
#include <v8-profiler.h>

#ifdef __linux__
#include <signal.h>
#include <sys/prctl.h>
#endif
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

using v8::FunctionCallbackInfo;
using v8::HeapProfiler;
using v8::HeapSnapshot;
using v8::Isolate;
using v8::OutputStream;
using v8::Value;

class FileOutputStream final : public OutputStream {
 public:
  explicit FileOutputStream(FILE* file) : file_(file) {}
  void EndOfStream() override {}
  int GetChunkSize() override { return 1 << 16; }
  WriteResult WriteAsciiChunk(char* data, int size) override {
    if (std::fwrite(data, 1, static_cast<size_t>(size), file_) !=
        static_cast<size_t>(size)) {
      failed_ = true;
      return kAbort;
    }
    return kContinue;
  }
  bool failed() const { return failed_; }

 private:
  FILE* file_;
  bool failed_ = false;
};

void ThrowError(Isolate* isolate, const std::string& message) {
  isolate->ThrowException(v8::Exception::Error(
      v8::String::NewFromUtf8(isolate, message.c_str()).ToLocalChecked()));
}

// The native (malloc) counter's window, when malloc_counter.c is preloaded.
// Native windows are runs of their own, without V8's allocation tracking:
// the tracker mallocs for every JS allocation it records (its address-to-trace
// map), which would swamp the workload's own figures. The window closes here,
// in C++, before any JS of ours runs; the C++ bookkeeping of closing is
// suspended too. Null functions when the library is not preloaded.
struct NativeWindow {
  void (*begin)() = nullptr;
  void (*suspend)() = nullptr;
  void (*resume)() = nullptr;
};

NativeWindow LookUpNativeWindow() {
  NativeWindow window;
  window.begin = reinterpret_cast<void (*)()>(dlsym(RTLD_DEFAULT, "alloc_counter_native_begin_window"));
  window.suspend = reinterpret_cast<void (*)()>(dlsym(RTLD_DEFAULT, "alloc_counter_native_suspend"));
  window.resume = reinterpret_cast<void (*)()>(dlsym(RTLD_DEFAULT, "alloc_counter_native_resume"));
  if (!window.begin || !window.suspend || !window.resume) return NativeWindow{};
  return window;
}

NativeWindow native_window;  // set when the module loads, outside every window

void SuspendNativeCounting() {
  if (native_window.suspend) native_window.suspend();
}

void ResumeNativeCounting() {
  if (native_window.resume) native_window.resume();
}

// ---- The platform's wake-up at the start of a window ----------------------
//
// StartTrackingHeapObjects runs a full GC, and that GC posts Oilpan (cppgc)
// marking and sweeping tasks to Node's platform, whose async handle wakes the
// event loop. The workload's first loop turn then raced that wake-up: when its
// first thread-pool result (an fs open) came back before the loop polled, one
// turn served both; otherwise the wake-up had a turn of its own, and every
// turn costs Node an object (the resource of CheckImmediate's callback scope).
// test_read_file_10000_chunks measured 10006 or 10007 such objects at random.
// So the wake-up is taken back as tracking starts: the platform handles'
// pending flags are cleared and the loop's wake-up fd drained, exactly what
// libuv does before running async callbacks, minus running them. The tasks
// stay queued: they run at the platform's next wake-up inside the window (the
// next task a GC posts), or right after the window, which gives the wake-up
// back (GiveBackPlatformWakeUp). Any other async handle found pending is
// signalled again, so no wake-up of anything else is lost.
using AsyncCallback = void (*)(uv_async_t*);

// Node's platform flush (PerIsolatePlatformData::FlushTasks), exported by the
// node binary; null (and nothing is taken back) where it is not.
AsyncCallback platform_flush_tasks = nullptr;

// The platform handles that were pending when the open window took their wake-up back.
std::vector<uv_async_t*> taken_back;

struct AsyncHandles {
  std::vector<uv_async_t*> platform;
  std::vector<uv_async_t*> others;
};

void CollectAsyncHandle(uv_handle_t* handle, void* arg) {
  if (handle->type != UV_ASYNC) return;
  auto* async = reinterpret_cast<uv_async_t*>(handle);
  auto* handles = static_cast<AsyncHandles*>(arg);
  (async->async_cb == platform_flush_tasks ? handles->platform : handles->others).push_back(async);
}

bool IsPending(uv_async_t* async) { return __atomic_load_n(&async->pending, __ATOMIC_SEQ_CST) != 0; }

void TakeBackPlatformWakeUp(uv_loop_t* loop) {
#ifndef _WIN32
  if (platform_flush_tasks == nullptr) return;
  AsyncHandles handles;
  handles.others.push_back(&loop->wq_async);  // libuv's own, which uv_walk skips
  uv_walk(loop, CollectAsyncHandle, &handles);
  // Clear first, then drain: a flag set again after this is seen below.
  taken_back.clear();
  for (uv_async_t* async : handles.platform) {
    if (__atomic_exchange_n(&async->pending, 0, __ATOMIC_SEQ_CST) != 0) taken_back.push_back(async);
  }
  char drained[64];
  while (read(loop->async_io_watcher.fd, drained, sizeof drained) > 0) {
  }
  bool pending = false;
  for (uv_async_t* async : handles.platform) pending = pending || IsPending(async);
  for (uv_async_t* async : handles.others) pending = pending || IsPending(async);
  if (!pending) return;
  // Signal again as uv__async_send does: 8 bytes to an eventfd, else a byte to the pipe.
  static const uint64_t one = 1;
  ssize_t written;
  do {
    written = loop->async_wfd == -1 ? write(loop->async_io_watcher.fd, &one, sizeof one)
                                    : write(loop->async_wfd, "", 1);
  } while (written == -1 && errno == EINTR);
#endif
}

// After the window: the queued tasks run on the next turn, outside every window.
void GiveBackPlatformWakeUp() {
  for (uv_async_t* async : taken_back) uv_async_send(async);
  taken_back.clear();
}

// startTracking(): records every JS heap allocation into V8's trace tree.
void StartTracking(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  isolate->GetHeapProfiler()->StartTrackingHeapObjects(true);
  TakeBackPlatformWakeUp(node::GetCurrentEventLoop(isolate));
}

// startNativeWindow(): zeroes the native counters and starts counting; true
// when the malloc counter is preloaded.
void StartNativeWindow(const FunctionCallbackInfo<Value>& args) {
  if (native_window.begin) native_window.begin();
  args.GetReturnValue().Set(native_window.begin != nullptr);
}

// stopTracking(): discards the trace tree; serialise a snapshot first.
void StopTracking(const FunctionCallbackInfo<Value>& args) {
  args.GetIsolate()->GetHeapProfiler()->StopTrackingHeapObjects();
  GiveBackPlatformWakeUp();
}

// WriteSnapshot: takes a heap snapshot (V8 runs a full GC first) and writes
// it as JSON to path (or drops it when path is empty). Returns an error
// message, empty on success.
std::string WriteSnapshot(Isolate* isolate, const std::string& path) {
  const HeapSnapshot* snapshot = isolate->GetHeapProfiler()->TakeHeapSnapshot();
  if (snapshot == nullptr) return "alloc_tracker: V8 returned no heap snapshot";
  std::string error;
  if (!path.empty()) {
    FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) {
      error = "alloc_tracker: cannot open " + path + ": " + std::strerror(errno);
    } else {
      FileOutputStream stream(file);
      snapshot->Serialize(&stream, HeapSnapshot::kJSON);
      bool closed = std::fclose(file) == 0;
      if (stream.failed() || !closed) {
        error = "alloc_tracker: cannot write " + path + ": " + std::strerror(errno);
      }
    }
  }
  const_cast<HeapSnapshot*>(snapshot)->Delete();
  return error;
}

// ---- Sampling heap profile for --profile (issue 6) ----------------------
// V8's sampling heap profiler runs alongside the allocation tracker during a
// measured run and its profile is written, like the snapshot, from C++ as the
// window closes (OnIdle), in the DevTools .heapprofile format (the JSON of
// HeapProfiler.getSamplingProfile), so no JS object is allocated for it.
// Objects collected before the window closes are kept in the profile, so it
// shows every sampled allocation, not only the survivors.
// Our own addon rather than v8-profiler-next: that package's install script
// downloads a prebuilt binary (no network in CI) and it would be a second
// native build to keep per Node major; the API needed here is four calls.
std::string sampling_profile_path;  // empty: not sampling

void AppendJsonString(std::string& out, const std::string& text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string Utf8(Isolate* isolate, v8::Local<v8::String> value) {
  if (value.IsEmpty()) return "";
  v8::String::Utf8Value utf8(isolate, value);
  return std::string(*utf8, utf8.length());
}

// Appends one node of the allocation profile and its children (DevTools
// positions are 0-based, V8's 1-based with 0 for "unknown").
void AppendProfileNode(Isolate* isolate, std::string& out, const v8::AllocationProfile::Node* node,
                       std::unordered_set<uint32_t>& written_ids) {
  written_ids.insert(node->node_id);
  size_t self_size = 0;
  for (const auto& allocation : node->allocations) self_size += allocation.size * allocation.count;
  out += "{\"callFrame\":{\"functionName\":";
  AppendJsonString(out, Utf8(isolate, node->name));
  out += ",\"scriptId\":\"" + std::to_string(node->script_id) + "\",\"url\":";
  AppendJsonString(out, Utf8(isolate, node->script_name));
  out += ",\"lineNumber\":" + std::to_string(node->line_number - 1);
  out += ",\"columnNumber\":" + std::to_string(node->column_number - 1);
  out += "},\"selfSize\":" + std::to_string(self_size);
  out += ",\"id\":" + std::to_string(node->node_id) + ",\"children\":[";
  for (size_t i = 0; i < node->children.size(); i++) {
    if (i > 0) out += ',';
    AppendProfileNode(isolate, out, node->children[i], written_ids);
  }
  out += "]}";
}

// Stops the sampling profiler (if running) and writes its profile. Returns an
// error message, empty on success.
std::string FinishSampling(Isolate* isolate) {
  if (sampling_profile_path.empty()) return "";
  std::string path;
  path.swap(sampling_profile_path);
  HeapProfiler* profiler = isolate->GetHeapProfiler();
  v8::HandleScope scope(isolate);
  v8::AllocationProfile* profile = profiler->GetAllocationProfile();
  profiler->StopSamplingHeapProfiler();
  if (profile == nullptr) return "alloc_tracker: the sampling heap profiler was not running";
  std::string json = "{\"head\":";
  std::unordered_set<uint32_t> written_ids;
  AppendProfileNode(isolate, json, profile->GetRootNode(), written_ids);
  json += ",\"samples\":[";
  bool first = true;
  for (const auto& sample : profile->GetSamples()) {
    // Reading the profile allocates (the nodes' name strings) while the
    // sampler still runs, so a sample can point at a node the tree we wrote
    // does not have: leave it out, as DevTools could not place it.
    if (written_ids.count(sample.node_id) == 0 || sample.size * sample.count == 0) continue;
    if (!first) json += ',';
    first = false;
    json += "{\"size\":" + std::to_string(sample.size * sample.count) + ",\"nodeId\":" + std::to_string(sample.node_id) +
            ",\"ordinal\":" + std::to_string(sample.sample_id) + "}";
  }
  json += "]}\n";
  delete profile;
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return "alloc_tracker: cannot open " + path + ": " + std::strerror(errno);
  bool written = std::fwrite(json.data(), 1, json.size(), file) == json.size();
  if (std::fclose(file) != 0 || !written) return "alloc_tracker: cannot write " + path + ": " + std::strerror(errno);
  return "";
}

// startSampling(intervalBytes, path): samples allocations about every
// intervalBytes until the window closes; the profile then goes to path.
void StartSampling(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 2 || !args[0]->IsUint32() || !args[1]->IsString()) {
    ThrowError(isolate, "alloc_tracker: startSampling(intervalBytes, path)");
    return;
  }
  v8::String::Utf8Value utf8(isolate, args[1]);
  sampling_profile_path.assign(*utf8, utf8.length());
  const auto flags = static_cast<HeapProfiler::SamplingFlags>(HeapProfiler::kSamplingIncludeObjectsCollectedByMajorGC |
                                                               HeapProfiler::kSamplingIncludeObjectsCollectedByMinorGC);
  isolate->GetHeapProfiler()->StartSamplingHeapProfiler(args[0].As<v8::Uint32>()->Value(), 128, flags);
}
// ---- end of sampling heap profile ---------------------------------------

// closeWindowAfter(turns, path | null, callback): after `turns` full turns of
// the event loop, takes the snapshot, stops tracking, and only then calls
// callback(error | null).
//
// The turns let what a workload left in flight (handle close callbacks,
// socket shutdowns) finish inside the window, without running any JS of
// Node's timers, whose allocations would count as the workload's. Closing the
// window here, in C++, before any JS runs, keeps the callback and the
// microtasks it resolves out of the figures. A uv idle handle keeps the loop
// from blocking in poll meanwhile.
struct PendingClose {
  uv_idle_t idle;
  int turns_left;
  bool heap_window;  // false: a native window, no snapshot
  std::string path;
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
  if (pending->heap_window) {
    error = WriteSnapshot(isolate, pending->path);
    std::string sampling_error = FinishSampling(isolate);  // issue 6: --profile
    if (error.empty()) error = sampling_error;
    isolate->GetHeapProfiler()->StopTrackingHeapObjects();
    GiveBackPlatformWakeUp();
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

void CloseWindowAfter(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 3 || !args[0]->IsInt32() || !args[2]->IsFunction()) {
    ThrowError(isolate, "alloc_tracker: closeWindowAfter(turns, path | null, callback)");
    return;
  }
  auto* pending = new PendingClose();
  pending->heap_window = true;
  pending->turns_left = args[0].As<v8::Int32>()->Value();
  if (args[1]->IsString()) {
    v8::String::Utf8Value utf8(isolate, args[1]);
    pending->path.assign(*utf8, utf8.length());
  }
  WaitTurnsThenClose(isolate, pending, args[2].As<v8::Function>());
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
  pending->heap_window = false;
  pending->turns_left = args[0].As<v8::Int32>()->Value();
  WaitTurnsThenClose(isolate, pending, args[1].As<v8::Function>());
  ResumeNativeCounting();
}

// takeSnapshot(path | null): takes a heap snapshot now and writes it to path.
void TakeSnapshot(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  std::string path;
  if (args.Length() > 0 && args[0]->IsString()) {
    // Utf8Value copies into malloc'd memory: no JS heap allocation.
    v8::String::Utf8Value utf8(isolate, args[0]);
    path.assign(*utf8, utf8.length());
  }
  std::string error = WriteSnapshot(isolate, path);
  if (!error.empty()) ThrowError(isolate, error);
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

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  native_window = LookUpNativeWindow();
  platform_flush_tasks = reinterpret_cast<AsyncCallback>(
      dlsym(RTLD_DEFAULT, "_ZN4node22PerIsolatePlatformData10FlushTasksEP10uv_async_s"));
  NODE_SET_METHOD(exports, "startTracking", StartTracking);
  NODE_SET_METHOD(exports, "stopTracking", StopTracking);
  NODE_SET_METHOD(exports, "takeSnapshot", TakeSnapshot);
  NODE_SET_METHOD(exports, "closeWindowAfter", CloseWindowAfter);
  NODE_SET_METHOD(exports, "dieWithParent", DieWithParent);
  NODE_SET_METHOD(exports, "startSampling", StartSampling);  // issue 6: --profile
  NODE_SET_METHOD(exports, "startNativeWindow", StartNativeWindow);
  NODE_SET_METHOD(exports, "closeNativeWindowAfter", CloseNativeWindowAfter);
}
