// Counting a window with V8's sampling heap profiler at one byte per sample:
// every allocation is a sample (with --sampling-heap-profiler-suppress-randomness,
// a child flag), attributed to its JS stack. Two kinds of window
// (ARCHITECTURE.md, "Counting"):
//   totals     samples of collected objects are kept: every allocation of the window;
//   remaining  samples of collected objects are dropped: after a full GC, what is alive.
// Unlike a heap snapshot, neither grows with the heap the window starts with.
//
// The profile is written from C++ as a flat list of call-tree nodes with the
// count and bytes of their own samples, so that no JS object is allocated for it.
// Reading the profile allocates (the nodes' name strings) while the profiler
// still runs: a marker string of a size no one else allocates is made first,
// and samples from the marker's on are left out.
#include <v8-profiler.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "alloc_tracker.h"

namespace alloc_tracker {

namespace {

using v8::AllocationProfile;
using v8::HeapProfiler;
using v8::Isolate;

// V8's allocation tracker keeps 64 frames of each stack; the same here, so
// that deep recursions are cut at the same frame.
constexpr int kStackDepth = 64;

// The marker: a one-byte string whose heap object is 40208 bytes
// (16 bytes of header, rounded up to 8).
constexpr int kMarkerLength = 40187;
constexpr size_t kMarkerSize = 40208;

bool counting = false;

struct NodeFigures {
  uint64_t count = 0;
  uint64_t bytes = 0;
};

// Own figures per node id, from the samples made before the marker.
std::unordered_map<uint32_t, NodeFigures> FiguresBeforeMarker(AllocationProfile* profile) {
  uint64_t marker_id = UINT64_MAX;
  for (const auto& sample : profile->GetSamples()) {
    if (sample.size == kMarkerSize && (marker_id == UINT64_MAX || sample.sample_id > marker_id)) {
      marker_id = sample.sample_id;
    }
  }
  std::unordered_map<uint32_t, NodeFigures> figures;
  for (const auto& sample : profile->GetSamples()) {
    if (sample.sample_id >= marker_id) continue;
    NodeFigures& node = figures[sample.node_id];
    node.count += 1;
    node.bytes += sample.size;
  }
  return figures;
}

// One node a line: [id, parent id, name, script, line, column, count, bytes]
// (line and column 1-based, 0 when unknown, as in V8's allocation tracker).
void AppendNodes(Isolate* isolate, std::string& out, const AllocationProfile::Node* node, uint32_t parent_id,
                 const std::unordered_map<uint32_t, NodeFigures>& figures) {
  auto own = figures.find(node->node_id);
  NodeFigures zero;
  const NodeFigures& mine = own == figures.end() ? zero : own->second;
  out += out.back() == '[' ? "\n[" : ",\n[";
  out += std::to_string(node->node_id) + ',' + std::to_string(parent_id) + ',';
  AppendJsonString(out, Utf8(isolate, node->name));
  out += ',';
  AppendJsonString(out, Utf8(isolate, node->script_name));
  out += ',' + std::to_string(node->line_number > 0 ? node->line_number : 0);
  out += ',' + std::to_string(node->column_number > 0 ? node->column_number : 0);
  out += ',' + std::to_string(mine.count) + ',' + std::to_string(mine.bytes) + ']';
  for (const AllocationProfile::Node* child : node->children) {
    AppendNodes(isolate, out, child, node->node_id, figures);
  }
}

std::string WriteFile(const std::string& path, const std::string& text) {
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return "alloc_tracker: cannot open " + path + ": " + std::strerror(errno);
  bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  if (std::fclose(file) != 0 || !written) return "alloc_tracker: cannot write " + path + ": " + std::strerror(errno);
  return "";
}

}  // namespace

void StartCounting(const v8::FunctionCallbackInfo<v8::Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 1 || !args[0]->IsBoolean()) {
    ThrowError(isolate, "alloc_tracker: startCounting(keepCollected)");
    return;
  }
  if (counting) {
    ThrowError(isolate, "alloc_tracker: a counting window is already open");
    return;
  }
  const bool keep_collected = args[0].As<v8::Boolean>()->Value();
  const auto flags = keep_collected ? static_cast<HeapProfiler::SamplingFlags>(
                                          HeapProfiler::kSamplingIncludeObjectsCollectedByMajorGC |
                                          HeapProfiler::kSamplingIncludeObjectsCollectedByMinorGC)
                                    : HeapProfiler::kSamplingNoFlags;
  counting = isolate->GetHeapProfiler()->StartSamplingHeapProfiler(1, kStackDepth, flags);
  if (!counting) ThrowError(isolate, "alloc_tracker: V8's sampling heap profiler is already running");
  TakeBackPlatformWakeUp(node::GetCurrentEventLoop(isolate));
}

bool IsCounting() { return counting; }

std::string FinishCounting(Isolate* isolate, const std::string& path, bool collect_garbage,
                           const std::string& snapshot_path) {
  if (!counting) return "";
  counting = false;
  HeapProfiler* profiler = isolate->GetHeapProfiler();
  v8::HandleScope scope(isolate);
  std::string error;
  if (!snapshot_path.empty()) {
    error = WriteSnapshot(isolate, snapshot_path);
  } else if (collect_garbage) {
    // The same collection as a heap snapshot's (CollectAllAvailableGarbage).
    isolate->LowMemoryNotification();
  }
  // After the GC, which would drop its sample, and outside the snapshot.
  std::vector<uint8_t> marker_bytes(kMarkerLength, 'm');
  v8::Local<v8::String> marker =
      v8::String::NewFromOneByte(isolate, marker_bytes.data(), v8::NewStringType::kNormal, kMarkerLength)
          .ToLocalChecked();
  AllocationProfile* profile = profiler->GetAllocationProfile();
  if (!error.empty()) {
    delete profile;
  } else if (profile == nullptr) {
    error = "alloc_tracker: the sampling heap profiler was not running";
  } else {
    std::string json = "{\"nodes\":[";
    AppendNodes(isolate, json, profile->GetRootNode(), 0, FiguresBeforeMarker(profile));
    json += "]}\n";
    delete profile;
    if (!path.empty()) error = WriteFile(path, json);
  }
  profiler->StopSamplingHeapProfiler();
  GiveBackPlatformWakeUp();
  (void)marker;  // alive until the profile is read
  return error;
}

}  // namespace alloc_tracker
