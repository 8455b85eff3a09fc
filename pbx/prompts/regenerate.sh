#!/usr/bin/env bash
# Regenerates the voicemail prompts under pbx/src/main/resources/prompts/ from the texts below:
# espeak-ng speaks each text, sox converts it to the exchange's one audio format (8 kHz, 16-bit, mono PCM WAV,
# guide Table 17.1). Needs the Debian packages espeak-ng and sox. Run from anywhere; commit the changed WAVs.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/prompts"
voice="${VOICE:-en-us}"
speed="${SPEED:-150}"
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "regenerate.sh: $tool is missing (apt-get install espeak-ng sox)" >&2; exit 1; }
done

declare -A texts=(
  [vm-greeting]="The person you are calling is not available. Please leave a message after the tone. When you are done, hang up or press the pound key."
  [vm-saved]="Your message has been saved. Goodbye."
  [vm-enter-pin]="Voicemail. Please enter your PIN, followed by the pound key."
  [vm-wrong-pin]="That PIN is not correct."
  [vm-closed]="This mailbox cannot be opened by phone. Goodbye."
  [vm-you-have]="You have"
  [vm-messages]="messages."
  [vm-message]="message."
  [vm-menu]="Press 1 to listen to the message, 2 for the next message, 7 to delete it, 9 to record your greeting, or star to hang up."
  [vm-no-more]="There are no more messages."
  [vm-deleted]="Message deleted."
  [vm-record-greeting]="Record your greeting after the tone, then press the pound key."
  [vm-greeting-saved]="Your greeting has been saved."
  [vm-goodbye]="Goodbye."
  [digit-0]="zero" [digit-1]="one" [digit-2]="two" [digit-3]="three" [digit-4]="four"
  [digit-5]="five" [digit-6]="six" [digit-7]="seven" [digit-8]="eight" [digit-9]="nine"
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for name in "${!texts[@]}"; do
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/$name.wav" "${texts[$name]}"
  # -D: no dither, so the same text gives the same file; 50 ms of silence at the end keeps words from clipping.
  sox -D "$tmp/$name.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$name.wav" pad 0 0.05
  echo "$name.wav"
done
