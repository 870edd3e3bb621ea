-- A mixed load for wrk: reads, searches, creates, metadata PATCHes and notes against a
-- pool of existing leads. Every write carries a unique token; each thread logs the
-- tokens it sent and the tokens it saw acknowledged, for check.sh to compare with the
-- database afterwards.
local token = os.getenv("LOAD_TOKEN")
local ids_file = os.getenv("LOAD_IDS")
local log_dir = os.getenv("LOAD_LOG_DIR")

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

local ids = {}
local log
local n = 0
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local searches = { "load", "jane", "a", "example", "acme", "49", "zz-no-match" }

function init(args)
  for line in io.lines(ids_file) do table.insert(ids, line) end
  log = io.open(log_dir .. "/thread-" .. thread_id .. ".log", "w")
  log:setvbuf("line")
  math.randomseed(os.time() + thread_id)
end

function request()
  n = n + 1
  local r = math.random(100)
  local id = ids[math.random(#ids)]
  if r <= 35 then
    return wrk.format("GET", "/api/v1/leads/" .. id, headers)
  elseif r <= 50 then
    return wrk.format("GET", "/api/v1/leads?page=" .. math.random(5) .. "&size=20", headers)
  elseif r <= 65 then
    return wrk.format("GET", "/api/v1/leads?search=" .. searches[math.random(#searches)], headers)
  elseif r <= 80 then
    local name = "load-" .. thread_id .. "-" .. n
    log:write("sent create ", name, "\n")
    return wrk.format("POST", "/api/v1/leads", headers,
      '{"name":"' .. name .. '","channel":"web","email":"' .. name .. '@example.com"}')
  elseif r <= 90 then
    local key = "k_" .. thread_id .. "_" .. n
    log:write("sent key ", key, "\n")
    return wrk.format("PATCH", "/api/v1/leads/" .. id, headers, '{"metadata":{"' .. key .. '":' .. n .. '}}')
  else
    local note = "note-" .. thread_id .. "-" .. n
    log:write("sent note ", note, "\n")
    return wrk.format("POST", "/api/v1/leads/" .. id .. "/notes", headers, '{"content":"' .. note .. '"}')
  end
end

function response(status, headers, body)
  log:write("status ", status, "\n")
  if status == 201 or status == 200 then
    -- Everything a success shows was committed: the created lead's name, and the keys
    -- and notes of the lead it returns.
    for name in string.gmatch(body, '"name":"(load%-%d+%-%d+)"') do log:write("ack create ", name, "\n") end
    for key in string.gmatch(body, '"(k_%d+_%d+)":') do log:write("ack key ", key, "\n") end
    for note in string.gmatch(body, '"content":"(note%-%d+%-%d+)"') do log:write("ack note ", note, "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
