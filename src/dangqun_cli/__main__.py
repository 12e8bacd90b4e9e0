from dangqun_cli.cli.launch import main

main()
