"""学习任务 and 文件阅知: material handed out to named people to be read, with a deadline and a
receipt (office's assignment mechanism). Imports only office; nothing imports it."""
