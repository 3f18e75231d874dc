-- Drives Neovim as a user would, for test/editors/neovim.test.ts: waits for the diagnostics of the
-- opened map, completes after `owner ` with <C-x><C-o>, renames a persona, saves, and reads the
-- syntax groups at a few places. Each step waits (up to a generous deadline) for what the previous
-- one should cause, then acts. The result goes to $CJM_NVIM_RESULT as JSON, and Neovim quits.
local result = { steps = {}, diagnostics = {}, completion = {}, syntax = {} }
local DEADLINE_MS = 30000
local buf = vim.api.nvim_get_current_buf()
local personas = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':p:h') .. '/personas.cjm'

local function finish(err)
  result.error = err
  local file = assert(io.open(os.getenv('CJM_NVIM_RESULT'), 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end

local function keys(text)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(text, true, false, true), 'n', false)
end

--- The (1-based) line and (0-based) column of the first occurrence of `needle` in the buffer.
local function find(needle, bufnr)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr or buf, 0, -1, false)) do
    local column = line:find(needle, 1, true)
    if column then
      return i, column - 1
    end
  end
  error('not in the buffer: ' .. needle)
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local steps = {
  {
    name = 'diagnostics arrive',
    ready = function() return #vim.diagnostic.get(buf) > 0 end,
    act = function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        local lsp = d.user_data and d.user_data.lsp or {}
        table.insert(result.diagnostics, { line = d.lnum + 1, message = d.message, code = d.code or lsp.code })
      end
    end,
  },
  {
    name = 'completion after `owner ` is asked',
    ready = function() return true end,
    act = function()
      local line = find('owner marketing')
      vim.api.nvim_win_set_cursor(0, { line, 0 })
      keys('oowner <C-x><C-o>')
    end,
  },
  {
    name = 'completion is offered',
    ready = function() return vim.fn.pumvisible() == 1 and #vim.fn.complete_info({ 'items' }).items > 0 end,
    act = function()
      for _, item in ipairs(vim.fn.complete_info({ 'items' }).items) do
        table.insert(result.completion, item.word)
      end
      keys('<C-e><Esc>u')
    end,
  },
  {
    name = 'rename is asked',
    ready = function() return vim.fn.mode() == 'n' and not vim.bo[buf].modified end,
    act = function()
      local line, column = find('persona maya')
      vim.api.nvim_win_set_cursor(0, { line, column + #'persona m' })
      vim.lsp.buf.rename('mia')
    end,
  },
  {
    name = 'both files are renamed, and saved',
    ready = function()
      local other = vim.fn.bufnr(personas)
      return other ~= -1 and buffer_text(other):find('persona mia', 1, true) ~= nil and buffer_text(buf):find('persona mia', 1, true) ~= nil
    end,
    act = function() vim.cmd('wall') end,
  },
  {
    name = 'syntax groups are read',
    ready = function() return true end,
    act = function()
      for _, probe in ipairs(vim.fn.json_decode(os.getenv('CJM_NVIM_PROBES'))) do
        local line, column = find(probe)
        table.insert(result.syntax, vim.fn.synIDattr(vim.fn.synID(line, column + 1, 1), 'name'))
      end
    end,
  },
}

local function run(index, started)
  local step = steps[index]
  if not step then
    return finish(nil)
  end
  local ok, ready = pcall(step.ready)
  if not ok then
    return finish(step.name .. ': ' .. tostring(ready))
  end
  if not ready then
    if vim.loop.now() - started > DEADLINE_MS then
      return finish('timed out waiting: ' .. step.name)
    end
    return vim.defer_fn(function() run(index, started) end, 20)
  end
  local acted, err = pcall(step.act)
  if not acted then
    return finish(step.name .. ': ' .. tostring(err))
  end
  table.insert(result.steps, step.name)
  vim.defer_fn(function() run(index + 1, vim.loop.now()) end, 0)
end

run(1, vim.loop.now())
