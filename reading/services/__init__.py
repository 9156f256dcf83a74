"""Services of 学习任务 and 文件阅知, one module per kind."""
