"""What is printed: group cards, the day sheet, exports, the progress report and their words.

The app's panels and every export take their words from here, so what is printed is what is
on screen.
"""
