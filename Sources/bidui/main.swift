import BiduiCLI

BiduiCommand.main()
