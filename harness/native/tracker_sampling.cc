// The sampling heap profile of --profile (ARCHITECTURE.md, "The addon").
// V8's sampling heap profiler runs alongside the allocation tracker during a
// measured run and its profile is written, like the snapshot, from C++ as the
// window closes (OnIdle in alloc_tracker.cc), in the DevTools .heapprofile
// format (the JSON of HeapProfiler.getSamplingProfile), so no JS object is
// allocated for it. Objects collected before the window closes are kept in the
// profile, so it shows every sampled allocation, not only the survivors.
// Our own addon rather than v8-profiler-next: that package's install script
// downloads a prebuilt binary (no network in CI) and it would be a second
// native build to keep per Node major; the API needed here is four calls.
#include <v8-profiler.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include "alloc_tracker.h"

namespace alloc_tracker {

namespace {

using v8::HeapProfiler;
using v8::Isolate;

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

}  // namespace

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
void StartSampling(const v8::FunctionCallbackInfo<v8::Value>& args) {
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

}  // namespace alloc_tracker
